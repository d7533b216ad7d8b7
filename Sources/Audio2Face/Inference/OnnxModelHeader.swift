import Foundation

/// The top-level facts of an `.onnx` file that ONNX Runtime does not report: the IR version, the
/// operator sets the graph imports and the exporting tool. Read straight from the file's protobuf
/// (`ModelProto`) without decoding the graph, so a truncated download or an HTML error page saved under
/// the model's name is told apart from a real model before ORT is asked to load it.
public struct OnnxModelHeader: Sendable, Equatable {
    /// One imported operator set: `domain` (empty for the default `ai.onnx` operators) at `version`.
    public struct OperatorSet: Sendable, Equatable, CustomStringConvertible {
        public var domain: String
        public var version: Int

        public var description: String { "\(domain.isEmpty ? "ai.onnx" : domain) \(version)" }
    }

    /// `ModelProto.ir_version`.
    public var irVersion: Int
    /// `ModelProto.opset_import`, in file order.
    public var operatorSets: [OperatorSet]
    /// `ModelProto.producer_name` and `producer_version` joined by a space (empty when absent).
    public var producer: String

    /// A header with the given facts.
    public init(irVersion: Int, operatorSets: [OperatorSet], producer: String) {
        self.irVersion = irVersion
        self.operatorSets = operatorSets
        self.producer = producer
    }

    /// The version of the default (`ai.onnx`) operator set, if the model imports it.
    public var defaultOperatorSetVersion: Int? {
        operatorSets.first { $0.domain.isEmpty || $0.domain == "ai.onnx" }?.version
    }

    /// Reads the header of the file at `url` (memory-mapped, so a model of hundreds of megabytes is not
    /// copied). Throws ``ModelError/unreadableModel(path:reason:)`` when the file is not an ONNX model.
    public init(contentsOf url: URL) throws(ModelError) {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw .unreadableModel(path: url.path, reason: error.localizedDescription)
        }
        do {
            self = try data.withUnsafeBytes { bytes in try Self.parse(bytes) }
        } catch let error as HeaderError {
            throw .unreadableModel(path: url.path, reason: "not an ONNX model file (\(error.reason))")
        } catch {
            throw .unreadableModel(path: url.path, reason: "\(error)")
        }
    }

    /// Why the bytes are not a `ModelProto`.
    struct HeaderError: Error {
        var reason: String
    }

    /// `ModelProto` field numbers this reader uses.
    private enum Field {
        static let irVersion = 1
        static let producerName = 2
        static let producerVersion = 3
        static let graph = 7
        static let opsetImport = 8
    }

    static func parse(_ bytes: UnsafeRawBufferPointer) throws(HeaderError) -> OnnxModelHeader {
        var reader = ProtobufReader(bytes: bytes[...])
        var irVersion: Int?
        var operatorSets: [OperatorSet] = []
        var producerName = ""
        var producerVersion = ""
        var hasGraph = false
        while !reader.isAtEnd {
            let (field, value) = try reader.nextField()
            switch (field, value) {
            case (Field.irVersion, .varint(let number)): irVersion = Int(clamping: number)
            case (Field.producerName, .bytes(let slice)): producerName = String(decoding: slice, as: UTF8.self)
            case (Field.producerVersion, .bytes(let slice)): producerVersion = String(decoding: slice, as: UTF8.self)
            case (Field.graph, .bytes): hasGraph = true
            case (Field.opsetImport, .bytes(let slice)): operatorSets.append(try parseOperatorSet(slice))
            default: continue
            }
        }
        guard let irVersion, irVersion > 0 else { throw HeaderError(reason: "no IR version") }
        guard hasGraph else { throw HeaderError(reason: "no graph") }
        let producer = [producerName, producerVersion].filter { !$0.isEmpty }.joined(separator: " ")
        return OnnxModelHeader(irVersion: irVersion, operatorSets: operatorSets, producer: producer)
    }

    /// `OperatorSetIdProto`: domain (field 1), version (field 2).
    private static func parseOperatorSet(_ bytes: Slice<UnsafeRawBufferPointer>) throws(HeaderError) -> OperatorSet {
        var reader = ProtobufReader(bytes: bytes)
        var set = OperatorSet(domain: "", version: 0)
        while !reader.isAtEnd {
            switch try reader.nextField() {
            case (1, .bytes(let slice)): set.domain = String(decoding: slice, as: UTF8.self)
            case (2, .varint(let number)): set.version = Int(clamping: number)
            default: continue
            }
        }
        return set
    }
}

/// Walks the fields of one protobuf message (wire format only; no schema).
private struct ProtobufReader {
    enum Value {
        case varint(UInt64)
        case bytes(Slice<UnsafeRawBufferPointer>)
        case fixed
    }

    private let bytes: Slice<UnsafeRawBufferPointer>
    private var position: Int

    init(bytes: Slice<UnsafeRawBufferPointer>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    var isAtEnd: Bool { position >= bytes.endIndex }

    mutating func nextField() throws(OnnxModelHeader.HeaderError) -> (field: Int, value: Value) {
        let start = position
        let key = try varint()
        let field = Int(key >> 3)
        guard field > 0 else { throw .init(reason: "field number 0 at byte \(start)") }
        switch key & 7 {
        case 0:
            return (field, .varint(try varint()))
        case 1:
            try skip(8)
            return (field, .fixed)
        case 2:
            let length = try varint()
            guard length <= UInt64(bytes.endIndex - position) else {
                throw .init(reason: "field \(field) at byte \(start) runs past the end of the file; is it cut short?")
            }
            let slice = bytes[position..<(position + Int(length))]
            position += Int(length)
            return (field, .bytes(slice))
        case 5:
            try skip(4)
            return (field, .fixed)
        default:
            throw .init(reason: "unknown wire type \(key & 7) at byte \(start)")
        }
    }

    private mutating func skip(_ count: Int) throws(OnnxModelHeader.HeaderError) {
        guard bytes.endIndex - position >= count else { throw .init(reason: "the file ends inside a field") }
        position += count
    }

    private mutating func varint() throws(OnnxModelHeader.HeaderError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.endIndex {
            let byte = bytes[position]
            position += 1
            guard shift < 64 else { break }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        throw .init(reason: "malformed varint before byte \(position)")
    }
}
