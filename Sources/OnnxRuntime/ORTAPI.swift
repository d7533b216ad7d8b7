/// The entries of ONNX Runtime's `OrtApi` function table that this wrapper calls, typed as C function
/// pointers. There is no C header: each index and signature is a fact of ORT's append-only ABI
/// (shared/reference/onnxruntime-c-api.md lists them). Every handle is an `OpaquePointer`; a returned
/// `OpaquePointer?` named status is an `OrtStatus*`, nil on success.
struct ORTAPI {
    typealias Status = OpaquePointer?
    typealias Out = UnsafeMutablePointer<OpaquePointer?>?
    typealias CString = UnsafePointer<CChar>?
    typealias CStringArray = UnsafePointer<UnsafePointer<CChar>?>?

    /// The lowest API version that has every entry below (GetBuildInfoString is the newest, 15).
    static let requiredVersion: UInt32 = 15

    let getErrorCode: @convention(c) (OpaquePointer?) -> Int32
    let getErrorMessage: @convention(c) (OpaquePointer?) -> CString
    let createEnv: @convention(c) (Int32, CString, Out) -> Status
    let createSession: @convention(c) (OpaquePointer?, CString, OpaquePointer?, Out) -> Status
    let createSessionFromArray: @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int, OpaquePointer?, Out) -> Status
    let run:
        @convention(c) (
            OpaquePointer?, OpaquePointer?, CStringArray, UnsafePointer<OpaquePointer?>?, Int, CStringArray, Int,
            UnsafeMutablePointer<OpaquePointer?>?
        ) -> Status
    let createSessionOptions: @convention(c) (Out) -> Status
    let setSessionExecutionMode: @convention(c) (OpaquePointer?, Int32) -> Status
    let enableCpuMemArena: @convention(c) (OpaquePointer?) -> Status
    let disableCpuMemArena: @convention(c) (OpaquePointer?) -> Status
    let setSessionLogSeverityLevel: @convention(c) (OpaquePointer?, Int32) -> Status
    let setSessionGraphOptimizationLevel: @convention(c) (OpaquePointer?, Int32) -> Status
    let setIntraOpNumThreads: @convention(c) (OpaquePointer?, Int32) -> Status
    let setInterOpNumThreads: @convention(c) (OpaquePointer?, Int32) -> Status
    let sessionGetInputCount: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int>?) -> Status
    let sessionGetOutputCount: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int>?) -> Status
    let sessionGetInputTypeInfo: @convention(c) (OpaquePointer?, Int, Out) -> Status
    let sessionGetOutputTypeInfo: @convention(c) (OpaquePointer?, Int, Out) -> Status
    let sessionGetInputName:
        @convention(c) (
            OpaquePointer?, Int, OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        ) -> Status
    let sessionGetOutputName:
        @convention(c) (
            OpaquePointer?, Int, OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        ) -> Status
    let createRunOptions: @convention(c) (Out) -> Status
    let runOptionsSetTerminate: @convention(c) (OpaquePointer?) -> Status
    let runOptionsUnsetTerminate: @convention(c) (OpaquePointer?) -> Status
    let createTensorWithDataAsOrtValue:
        @convention(c) (
            OpaquePointer?, UnsafeMutableRawPointer?, Int, UnsafePointer<Int64>?, Int, Int32, Out
        ) -> Status
    let getTensorMutableData: @convention(c) (OpaquePointer?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Status
    let castTypeInfoToTensorInfo: @convention(c) (OpaquePointer?, Out) -> Status
    let getTensorElementType: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int32>?) -> Status
    let getDimensionsCount: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int>?) -> Status
    let getDimensions: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int64>?, Int) -> Status
    let getTensorTypeAndShape: @convention(c) (OpaquePointer?, Out) -> Status
    let createCpuMemoryInfo: @convention(c) (Int32, Int32, Out) -> Status
    let allocatorFree: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Status
    let getAllocatorWithDefaultOptions: @convention(c) (Out) -> Status
    let releaseEnv: @convention(c) (OpaquePointer?) -> Void
    let releaseStatus: @convention(c) (OpaquePointer?) -> Void
    let releaseMemoryInfo: @convention(c) (OpaquePointer?) -> Void
    let releaseSession: @convention(c) (OpaquePointer?) -> Void
    let releaseValue: @convention(c) (OpaquePointer?) -> Void
    let releaseRunOptions: @convention(c) (OpaquePointer?) -> Void
    let releaseTypeInfo: @convention(c) (OpaquePointer?) -> Void
    let releaseTensorTypeAndShapeInfo: @convention(c) (OpaquePointer?) -> Void
    let releaseSessionOptions: @convention(c) (OpaquePointer?) -> Void
    let getAvailableProviders:
        @convention(c) (
            UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?, UnsafeMutablePointer<Int32>?
        ) -> Status
    let releaseAvailableProviders: @convention(c) (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, Int32) -> Status
    let addSessionConfigEntry: @convention(c) (OpaquePointer?, CString, CString) -> Status
    let sessionOptionsAppendExecutionProviderCUDAV2: @convention(c) (OpaquePointer?, OpaquePointer?) -> Status
    let createCUDAProviderOptions: @convention(c) (Out) -> Status
    let updateCUDAProviderOptions: @convention(c) (OpaquePointer?, CStringArray, CStringArray, Int) -> Status
    let releaseCUDAProviderOptions: @convention(c) (OpaquePointer?) -> Void
    let getBuildInfoString: @convention(c) () -> CString

    /// Reads the entries from the table `GetApi` returned.
    init(table: UnsafeRawPointer) {
        func entry<F>(_ index: Int, _: F.Type = F.self) -> F {
            unsafeBitCast(
                table.load(
                    fromByteOffset: index * MemoryLayout<UnsafeRawPointer>.stride,
                    as: UnsafeRawPointer.self), to: F.self)
        }
        getErrorCode = entry(1)
        getErrorMessage = entry(2)
        createEnv = entry(3)
        createSession = entry(7)
        createSessionFromArray = entry(8)
        run = entry(9)
        createSessionOptions = entry(10)
        setSessionExecutionMode = entry(13)
        enableCpuMemArena = entry(18)
        disableCpuMemArena = entry(19)
        setSessionLogSeverityLevel = entry(22)
        setSessionGraphOptimizationLevel = entry(23)
        setIntraOpNumThreads = entry(24)
        setInterOpNumThreads = entry(25)
        sessionGetInputCount = entry(30)
        sessionGetOutputCount = entry(31)
        sessionGetInputTypeInfo = entry(33)
        sessionGetOutputTypeInfo = entry(34)
        sessionGetInputName = entry(36)
        sessionGetOutputName = entry(37)
        createRunOptions = entry(39)
        runOptionsSetTerminate = entry(46)
        runOptionsUnsetTerminate = entry(47)
        createTensorWithDataAsOrtValue = entry(49)
        getTensorMutableData = entry(51)
        castTypeInfoToTensorInfo = entry(55)
        getTensorElementType = entry(60)
        getDimensionsCount = entry(61)
        getDimensions = entry(62)
        getTensorTypeAndShape = entry(65)
        createCpuMemoryInfo = entry(69)
        allocatorFree = entry(76)
        getAllocatorWithDefaultOptions = entry(78)
        releaseEnv = entry(92)
        releaseStatus = entry(93)
        releaseMemoryInfo = entry(94)
        releaseSession = entry(95)
        releaseValue = entry(96)
        releaseRunOptions = entry(97)
        releaseTypeInfo = entry(98)
        releaseTensorTypeAndShapeInfo = entry(99)
        releaseSessionOptions = entry(100)
        getAvailableProviders = entry(125)
        releaseAvailableProviders = entry(126)
        addSessionConfigEntry = entry(130)
        sessionOptionsAppendExecutionProviderCUDAV2 = entry(204)
        createCUDAProviderOptions = entry(205)
        updateCUDAProviderOptions = entry(206)
        releaseCUDAProviderOptions = entry(208)
        getBuildInfoString = entry(254)
    }

    /// Turns an `OrtStatus*` into a thrown error carrying ORT's code and message, and frees it.
    func check(_ status: Status, _ operation: StaticString) throws(ORTError) {
        guard let status else { return }
        let code = getErrorCode(status)
        let message = getErrorMessage(status).map { String(cString: $0) } ?? "(no message)"
        releaseStatus(status)
        throw .runtime(operation: "\(operation)", code: ORTErrorCode(rawValue: code), message: message)
    }
}
