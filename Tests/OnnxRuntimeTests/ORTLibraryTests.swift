import Foundation
import OnnxRuntime
import Testing

@Suite("ORTLibrary")
struct ORTLibraryTests {
    @Test(
        "loads the installed library and reads its version and providers",
        .enabled(if: TestSupport.libraryTestsEnabled, TestSupport.skipReason))
    func loadsInstalledLibrary() throws {
        let library = try TestSupport.library()
        #expect(library.version == ORTLibrary.expectedVersion)
        #expect(library.path.contains("libonnxruntime.so"))
        #expect(library.buildInfo.contains("ORT Build Info"))
        #expect(try library.availableProviders().contains("CPUExecutionProvider"))
    }

    @Test(
        "finds the pip-installed copy in .local/onnxruntime above a search directory",
        .enabled(if: TestSupport.libraryTestsEnabled, TestSupport.skipReason))
    func searchFindsLocalInstall() throws {
        let nested = TestSupport.packageRoot.appendingPathComponent("Tests/OnnxRuntimeTests")
        let candidates = ORTLibrary.localInstallCandidates(searchDirectories: [nested])
        #expect(candidates.contains { $0.hasSuffix("/.local/onnxruntime/onnxruntime/capi/libonnxruntime.so.1.23.2") })
    }

    @Test("a missing library gives an error that says how to install it")
    func missingLibrary() {
        do {
            _ = try ORTLibrary.load(path: "/nonexistent/libonnxruntime.so.1.23.2")
            Issue.record("loading a missing file succeeded")
        } catch {
            guard case .libraryNotFound(let attempts) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(attempts.count == 1)
            #expect(attempts[0].hasPrefix("/nonexistent/libonnxruntime.so.1.23.2: "))
            #expect(error.description.contains("scripts/install-onnxruntime.sh"))
            #expect(error.description.contains(ORTLibrary.pathEnvironmentVariable))
        }
    }

    @Test("a shared library that is not ONNX Runtime is refused with the install hint")
    func wrongLibrary() {
        do {
            _ = try ORTLibrary.load(path: "libm.so.6")
            Issue.record("libm was accepted as ONNX Runtime")
        } catch {
            guard case .libraryUnusable(let path, let reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(path == "libm.so.6")
            #expect(reason.contains("OrtGetApiBase"))
            #expect(error.description.contains("scripts/install-onnxruntime.sh"))
        }
    }
}
