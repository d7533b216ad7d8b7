/// ORT's `ONNXTensorElementDataType`: the element type of a tensor.
public struct ORTElementType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Not a tensor (a sequence or map input), or a type ORT did not say.
    public static let undefined = Self(rawValue: 0)
    public static let float32 = Self(rawValue: 1)
    public static let uint8 = Self(rawValue: 2)
    public static let int8 = Self(rawValue: 3)
    public static let uint16 = Self(rawValue: 4)
    public static let int16 = Self(rawValue: 5)
    public static let int32 = Self(rawValue: 6)
    public static let int64 = Self(rawValue: 7)
    public static let string = Self(rawValue: 8)
    public static let bool = Self(rawValue: 9)
    public static let float16 = Self(rawValue: 10)
    public static let float64 = Self(rawValue: 11)
    public static let uint32 = Self(rawValue: 12)
    public static let uint64 = Self(rawValue: 13)
    public static let bfloat16 = Self(rawValue: 16)

    public var description: String {
        let names: [Int32: String] = [
            0: "undefined", 1: "float32", 2: "uint8", 3: "int8", 4: "uint16", 5: "int16", 6: "int32",
            7: "int64", 8: "string", 9: "bool", 10: "float16", 11: "float64", 12: "uint32", 13: "uint64",
            14: "complex64", 15: "complex128", 16: "bfloat16",
        ]
        return names[rawValue] ?? "element type \(rawValue)"
    }
}

/// A Swift type whose memory layout is that of an ORT tensor element type.
public protocol ORTTensorElement: Sendable {
    /// The ORT element type with this layout.
    static var ortElementType: ORTElementType { get }
}

extension Float: ORTTensorElement { public static var ortElementType: ORTElementType { .float32 } }
extension Double: ORTTensorElement { public static var ortElementType: ORTElementType { .float64 } }
extension Int8: ORTTensorElement { public static var ortElementType: ORTElementType { .int8 } }
extension UInt8: ORTTensorElement { public static var ortElementType: ORTElementType { .uint8 } }
extension Int16: ORTTensorElement { public static var ortElementType: ORTElementType { .int16 } }
extension UInt16: ORTTensorElement { public static var ortElementType: ORTElementType { .uint16 } }
extension Int32: ORTTensorElement { public static var ortElementType: ORTElementType { .int32 } }
extension UInt32: ORTTensorElement { public static var ortElementType: ORTElementType { .uint32 } }
extension Int64: ORTTensorElement { public static var ortElementType: ORTElementType { .int64 } }
extension UInt64: ORTTensorElement { public static var ortElementType: ORTElementType { .uint64 } }
extension Bool: ORTTensorElement { public static var ortElementType: ORTElementType { .bool } }

/// The declared name, element type and shape of a model input or output.
public struct ORTTensorInfo: Sendable, Equatable, CustomStringConvertible {
    /// The input or output name.
    public var name: String
    /// Element type; `.undefined` when the value is not a tensor.
    public var elementType: ORTElementType
    /// Dimensions; −1 marks a dynamic (symbolic) dimension. Empty for scalars and non-tensors.
    public var shape: [Int]

    public init(name: String, elementType: ORTElementType, shape: [Int]) {
        self.name = name
        self.elementType = elementType
        self.shape = shape
    }

    public var description: String {
        "\(name) \(elementType) [\(shape.map { $0 < 0 ? "?" : String($0) }.joined(separator: ","))]"
    }
}

/// An input for ``ORTSession/run(_:outputNames:runOptions:)``: a name, a shape and Swift-owned elements.
///
/// ORT reads the elements in place (`CreateTensorWithDataAsOrtValue`) for the duration of the run: the
/// array is neither copied here nor by ORT.
public struct ORTInputTensor: Sendable {
    /// The model input this feeds.
    public var name: String
    /// Dimensions; their product must equal the element count.
    public var shape: [Int]
    /// The elements' ORT type.
    public var elementType: ORTElementType { storage.elementType }
    let storage: any ORTTensorStorage

    /// An input over `elements` (shares the array's buffer).
    public init<Element: ORTTensorElement>(name: String, shape: [Int], elements: [Element]) {
        self.init(name: name, shape: shape, elements: elements[...])
    }

    /// An input over a slice of an array (shares the array's buffer).
    public init<Element: ORTTensorElement>(name: String, shape: [Int], elements: ArraySlice<Element>) {
        self.name = name
        self.shape = shape
        self.storage = ArrayTensorStorage(elements: elements)
    }

    /// Number of elements held.
    public var elementCount: Int { storage.elementCount }
}

/// Type-erased contiguous elements that can be lent to ORT for one call.
protocol ORTTensorStorage: Sendable {
    var elementType: ORTElementType { get }
    var elementCount: Int { get }
    func withRawBytes<R>(_ body: (UnsafeRawBufferPointer) throws(ORTError) -> R) throws(ORTError) -> R
}

struct ArrayTensorStorage<Element: ORTTensorElement>: ORTTensorStorage {
    let elements: ArraySlice<Element>
    var elementType: ORTElementType { Element.ortElementType }
    var elementCount: Int { elements.count }

    func withRawBytes<R>(_ body: (UnsafeRawBufferPointer) throws(ORTError) -> R) throws(ORTError) -> R {
        let result = elements.withUnsafeBytes { raw in Result { () throws(ORTError) -> R in try body(raw) } }
        return try result.get()
    }
}

/// A tensor that ORT produced (a run's output): owned here, released when this object goes away, read in
/// place without copying.
public final class ORTValue: @unchecked Sendable {  // ORT never touches an output after Run returns; reads only
    /// The library that made it (kept alive while this value lives).
    public let library: ORTLibrary
    /// The element type.
    public let elementType: ORTElementType
    /// The dimensions.
    public let shape: [Int]
    let handle: OpaquePointer

    private init(library: ORTLibrary, handle: OpaquePointer, elementType: ORTElementType, shape: [Int]) {
        self.library = library
        self.handle = handle
        self.elementType = elementType
        self.shape = shape
    }

    /// Takes ownership of `handle` (already counted as alive) and reads its type and shape; releases it
    /// when that fails.
    static func adopting(_ handle: OpaquePointer, library: ORTLibrary) throws(ORTError) -> ORTValue {
        let api = library.api
        do {
            var created: OpaquePointer?
            try api.check(api.getTensorTypeAndShape(handle, &created), "GetTensorTypeAndShape")
            let info = try library.adopt(created, "GetTensorTypeAndShape")
            defer {
                api.releaseTensorTypeAndShapeInfo(info)
                library.didRelease()
            }
            let (elementType, shape) = try readTypeAndShape(api, info)
            return ORTValue(library: library, handle: handle, elementType: elementType, shape: shape)
        } catch {
            api.releaseValue(handle)
            library.didRelease()
            throw error
        }
    }

    deinit {
        library.api.releaseValue(handle)
        library.didRelease()
    }

    /// Number of elements (product of the dimensions).
    public var elementCount: Int { shape.reduce(1, *) }

    /// Calls `body` with the elements in place; `Element` must match ``elementType``.
    public func withUnsafeBufferPointer<Element: ORTTensorElement, R>(
        of _: Element.Type, _ body: (UnsafeBufferPointer<Element>) throws -> R
    ) throws -> R {
        guard Element.ortElementType == elementType else {
            throw ORTError.invalidArgument(
                "tensor holds \(elementType) elements, not \(Element.ortElementType) (\(Element.self))")
        }
        var data: UnsafeMutableRawPointer?
        try library.api.check(library.api.getTensorMutableData(handle, &data), "GetTensorMutableData")
        let count = elementCount
        guard count > 0, let data else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeBufferPointer(start: data.assumingMemoryBound(to: Element.self), count: count))
    }

    /// The elements copied into an array; `Element` must match ``elementType``.
    public func elements<Element: ORTTensorElement>(of type: Element.Type) throws -> [Element] {
        try withUnsafeBufferPointer(of: type) { Array($0) }
    }
}

/// Reads element type and dimensions from an `OrtTensorTypeAndShapeInfo`.
func readTypeAndShape(_ api: ORTAPI, _ info: OpaquePointer) throws(ORTError) -> (ORTElementType, [Int]) {
    var type: Int32 = 0
    try api.check(api.getTensorElementType(info, &type), "GetTensorElementType")
    var rank = 0
    try api.check(api.getDimensionsCount(info, &rank), "GetDimensionsCount")
    var dims = [Int64](repeating: 0, count: rank)
    if rank > 0 {
        try api.check(api.getDimensions(info, &dims, rank), "GetDimensions")
    }
    return (ORTElementType(rawValue: type), dims.map { Int($0) })
}
