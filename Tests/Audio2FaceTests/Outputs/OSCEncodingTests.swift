import Testing

@testable import Audio2Face

/// OSC 1.0 messages and bundles against bytes written out by hand from the specification.
@Suite struct OSCEncodingTests {
    /// `text`'s ASCII bytes.
    private func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("a message without arguments: the address and a lone ',' each padded to 4 bytes")
    func bareMessage() {
        #expect(OSCMessage("/a").encoded == ascii("/a") + [0, 0] + ascii(",") + [0, 0, 0])
    }

    @Test("a VMC value: 20-byte address, ',sf' tags, 'A' padded, 0.5 as big-endian float")
    func blendValue() {
        let expected =
            ascii("/VMC/Ext/Blend/Val") + [0, 0] + ascii(",sf") + [0] + ascii("A") + [0, 0, 0]
            + [0x3F, 0x00, 0x00, 0x00]
        #expect(OSCMessage("/VMC/Ext/Blend/Val", [.string("A"), .float32(0.5)]).encoded == expected)
    }

    @Test("a string whose length is a multiple of 4 still gets a terminating NUL word")
    func fourByteString() {
        let bytes = OSCMessage("/x", [.string("abcd")]).encoded
        #expect(bytes == ascii("/x") + [0, 0] + ascii(",s") + [0, 0] + ascii("abcd") + [0, 0, 0, 0])
    }

    @Test("int32 is big-endian two's complement")
    func integer() {
        let bytes = OSCMessage("/i", [.int32(-2), .int32(0x0102_0304)]).encoded
        #expect(Array(bytes.suffix(8)) == [0xFF, 0xFF, 0xFF, 0xFE, 0x01, 0x02, 0x03, 0x04])
        #expect(Array(bytes[4..<8]) == ascii(",ii") + [0])
    }

    @Test("a bundle: '#bundle', the time tag 1 (immediately), then each element after its size")
    func bundle() {
        let first = OSCMessage("/a")
        let second = OSCMessage("/bcd", [.float32(1)])
        let expected =
            ascii("#bundle") + [0] + [0, 0, 0, 0, 0, 0, 0, 1]
            + [0, 0, 0, 8] + ascii("/a") + [0, 0] + ascii(",") + [0, 0, 0]
            + [0, 0, 0, 16] + ascii("/bcd") + [0, 0, 0, 0] + ascii(",f") + [0, 0] + [0x3F, 0x80, 0, 0]
        #expect(OSCBundle(messages: [first, second]).encoded == expected)
    }
}
