import Audio2Face

/// Makes fuzz inputs: corpus entries changed by a few random mutations (bit flips, byte changes,
/// insertions, deletions, truncation, splicing with another entry, interesting varint bytes), or
/// plain random bytes.
struct FuzzMutator {
    let corpus: [[UInt8]]

    /// Bytes that often break decoders: varint continuation, zero, 0x7F/0x80 edges, 0xFF.
    private static let interestingBytes: [UInt8] = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x0A, 0x12, 0x1A, 0x08, 0x10]

    func input(using random: inout SplitMix64) -> [UInt8] {
        if corpus.isEmpty || random.next() % 16 == 0 {
            return (0..<Int(random.next() % 64)).map { _ in UInt8.random(in: 0...255, using: &random) }
        }
        var bytes = corpus[Int(random.next() % UInt64(corpus.count))]
        for _ in 0..<(1 + Int(random.next() % 4)) {
            mutate(&bytes, using: &random)
        }
        return bytes
    }

    private func mutate(_ bytes: inout [UInt8], using random: inout SplitMix64) {
        let position = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
        switch random.next() % 8 {
        case 0 where !bytes.isEmpty:
            bytes[position] ^= 1 << UInt8(random.next() % 8)
        case 1 where !bytes.isEmpty:
            bytes[position] = UInt8.random(in: 0...255, using: &random)
        case 2:
            bytes.insert(Self.interestingBytes[Int(random.next() % UInt64(Self.interestingBytes.count))], at: position)
        case 3 where !bytes.isEmpty:
            bytes.remove(at: position)
        case 4:
            bytes = Array(bytes.prefix(position))
        case 5 where !corpus.isEmpty:
            let other = corpus[Int(random.next() % UInt64(corpus.count))]
            let cut = other.isEmpty ? 0 : Int(random.next() % UInt64(other.count))
            bytes = Array(bytes.prefix(position)) + other[cut...]
        case 6:
            bytes.insert(contentsOf: repeatElement(0xFF, count: 1 + Int(random.next() % 12)), at: position)
        default:
            if !bytes.isEmpty {
                bytes[position] = Self.interestingBytes[Int(random.next() % UInt64(Self.interestingBytes.count))]
            }
        }
    }
}
