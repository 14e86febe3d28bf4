@testable import Engine
import Foundation
@testable import Runners
import Testing

/// Real venv builds (pip or uv, as `TARMAC_ENV_TOOL` and PATH choose); in CI always run.
@Suite("EnvironmentPrefetch", .enabled(if: ProcessInfo.processInfo.environment["CI"] == "true"
                                       || FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
struct EnvironmentPrefetchTests {
    static func scratch() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tarmac-ahead-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    @Test("a build ahead is used by the tasks that ask; the first gets its log; finish removes the build's log")
    func usedAndLogged() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let prefetch = EnvironmentPrefetch(root: root + "/envs", basePython: nil)
        prefetch.prepare([])
        prefetch.prepare([])  // a second dependent with the same packages: one build
        let first = try prefetch.environment(for: [], log: root + "/first.log")
        let second = try prefetch.environment(for: [], log: root + "/second.log")
        #expect(first == second)
        #expect(FileManager.default.isExecutableFile(atPath: first.python))
        let log = try String(contentsOfFile: root + "/first.log", encoding: .utf8)
        #expect(log.hasPrefix("tarmac: built ahead of the tasks that use it, as the run went on:\ntarmac: building the environment with "))
        #expect(!FileManager.default.fileExists(atPath: root + "/second.log"), "the environment was ready for the second task")
        prefetch.finish()
        let entries = try FileManager.default.contentsOfDirectory(atPath: root + "/envs")
        #expect(!entries.contains { $0.hasPrefix("ahead-") }, "\(entries)")
    }

    @Test("a build ahead that fails leaves the task to build the environment itself: the error is the task's own")
    func failedAheadBuildsAgain() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let prefetch = EnvironmentPrefetch(root: root + "/envs", basePython: nil)
        let steps = [["--index-url", "file:///tarmac-no-such-index", "tarmac-no-such-package==1.0"]]
        prefetch.prepare(steps)
        var thrown: RunnerError?
        do { _ = try prefetch.environment(for: steps, log: root + "/task.log") }
        catch { thrown = error }
        #expect(thrown?.code == .environmentSetupFailed, "\(String(describing: thrown))")
        let log = try String(contentsOfFile: root + "/task.log", encoding: .utf8)
        #expect(log.hasPrefix("tarmac: building the environment with ") && log.contains("tarmac-no-such-package"), Comment(rawValue: log))
        #expect(!log.contains("built ahead"))
        prefetch.finish()
    }
}

/// uv: `TARMAC_UV`, PATH, or the one scripts/install-deps puts in `$TARMAC_TOOLS/uv` (default `<package>/.tools`).
enum PrefetchUv {
    static let path: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let found = EnvironmentToolChoice.findUv(environment) { return found }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let bundled = (environment["TARMAC_TOOLS"] ?? package.appendingPathComponent(".tools").path) + "/uv/bin/uv"
        return FileManager.default.isExecutableFile(atPath: bundled) ? bundled : nil
    }()
}

/// With uv (never skipped in CI: a missing uv fails): a uv build during the run compiles the uv cache's bytecode.
@Suite("EnvironmentPrefetch with uv", .enabled(if: ProcessInfo.processInfo.environment["CI"] == "true" || PrefetchUv.path != nil))
struct EnvironmentPrefetchUvTests {
    @Test("a uv build during the run compiles the bytecode of the store's uv cache; a pip build does not")
    func uvBuildCompilesBytecode() throws {
        let root = try EnvironmentPrefetchTests.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let uv = try #require(PrefetchUv.path, "uv is not installed: run scripts/install-deps")
        let prefetch = EnvironmentPrefetch(root: root + "/envs", basePython: nil, toolChoice: EnvironmentToolChoice(preference: .uv, uv: uv))
        _ = try prefetch.environment(for: [["six==1.16.0"]], log: root + "/task.log")
        prefetch.waitForBytecode()
        let compiled = FileManager.default.enumerator(atPath: prefetch.store.uvCacheDirectory)?.allObjects.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".pyc") } ?? []
        #expect(compiled.contains { $0.contains("__pycache__/six.cpython-") }, "\(compiled.prefix(5))")
        prefetch.finish()

        let pipRoot = try EnvironmentPrefetchTests.scratch()
        defer { try? FileManager.default.removeItem(atPath: pipRoot) }
        let pipPrefetch = EnvironmentPrefetch(root: pipRoot + "/envs", basePython: nil,
                                              toolChoice: EnvironmentToolChoice(preference: .pip, uv: uv))
        let built = try pipPrefetch.environment(for: [], log: pipRoot + "/task.log")
        #expect(FileManager.default.isExecutableFile(atPath: built.python))
        pipPrefetch.finish()
        #expect(!FileManager.default.fileExists(atPath: pipRoot + "/envs/tarmac-bytecode.log"))
    }
}
