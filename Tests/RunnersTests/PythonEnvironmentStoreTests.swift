import Foundation
import Testing
@testable import Runners

/// When the Python tests may run.
enum PythonConditions {
    /// A base interpreter to make venvs from (Debian: python3 plus python3-venv).
    static let hasPython = FileManager.default.isExecutableFile(atPath: PythonEnvironmentStore.defaultBasePython)
        || ProcessInfo.processInfo.environment["PATH"]?.contains("python") == true
    /// Set TARMAC_OFFLINE=1 to skip the test that installs from PyPI (never skipped in CI).
    static let online = TestSupport.isCI || ProcessInfo.processInfo.environment["TARMAC_OFFLINE"] != "1"
}

/// Needs a Python with `-m venv`; in CI these tests always run. pip builds (uv: PythonEnvironmentUvTests).
@Suite("PythonEnvironmentStore", .enabled(if: TestSupport.isCI || PythonConditions.hasPython))
struct PythonEnvironmentStoreTests {
    static func modificationDate(_ path: String) throws -> Date? {
        try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
    }

    /// Runs `python -c code` in `environment` and returns what it printed.
    static func runPython(_ environment: PythonEnvironment, _ code: String, in dir: String) throws -> String {
        let spec = ProcessSpec(argv: [environment.python, "-c", code], environment: ["PATH": environment.binDirectory],
                               workingDirectory: dir, logFile: dir + "/python-\(UUID().uuidString).txt")
        let outcome = SubprocessRunner().run(spec)
        #expect(outcome.succeeded, "\(outcome)")
        return try String(contentsOfFile: spec.logFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("an empty install list makes a working venv once; the second call reuses it")
    func emptyEnvironmentReused() throws {
        let dir = try TestSupport.makeTemporaryDirectory("venv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = PythonEnvironmentStore(root: dir + "/envs", toolChoice: .pipForced)
        let environment = try store.environment(for: [], log: dir + "/setup.log")
        #expect(environment.root == dir + "/envs/" + (try store.key(for: [])))
        #expect(FileManager.default.isExecutableFile(atPath: environment.python))
        let marker = environment.root + "/" + PythonEnvironmentStore.readyMarker
        let markerDate = try Self.modificationDate(marker)
        let logText = try String(contentsOfFile: dir + "/setup.log", encoding: .utf8)
        #expect(logText.contains("-m venv"))
        let prefix = try Self.runPython(environment, "import sys; print(sys.prefix)", in: dir)
        #expect(prefix == environment.root)

        let again = try PythonEnvironmentStore(root: dir + "/envs", toolChoice: .pipForced).environment(for: [], log: dir + "/setup.log")
        #expect(again == environment)
        #expect(try Self.modificationDate(marker) == markerDate)
        #expect(try String(contentsOfFile: dir + "/setup.log", encoding: .utf8) == logText)
    }

    @Test("keys depend on the install steps, including their order")
    func keys() throws {
        let store = PythonEnvironmentStore(root: "/nonexistent", toolChoice: .pipForced)
        let a = try store.key(for: [["a"], ["b"]])
        #expect(a == (try store.key(for: [["a"], ["b"]])))
        #expect(a != (try store.key(for: [["b"], ["a"]])))
        #expect(a != (try store.key(for: [["a", "b"]])))
        #expect(a.count == 64)
    }

    @Test("a directory without the ready marker is an unfinished build and is rebuilt")
    func unfinishedRebuilt() throws {
        let dir = try TestSupport.makeTemporaryDirectory("venv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = PythonEnvironmentStore(root: dir + "/envs", toolChoice: .pipForced)
        let half = dir + "/envs/" + (try store.key(for: []))
        try FileManager.default.createDirectory(atPath: half + "/bin", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: half + "/junk", contents: Data("x".utf8))
        let environment = try store.environment(for: [], log: dir + "/setup.log")
        #expect(environment.root == half)
        #expect(!FileManager.default.fileExists(atPath: half + "/junk"))
        #expect(FileManager.default.fileExists(atPath: half + "/" + PythonEnvironmentStore.readyMarker))
    }

    @Test("concurrent requests for one environment build it once")
    func concurrentBuildOnce() throws {
        let dir = try TestSupport.makeTemporaryDirectory("venv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let roots = LineCollector()
        DispatchQueue.concurrentPerform(iterations: 3) { index in
            let store = PythonEnvironmentStore(root: dir + "/envs", toolChoice: .pipForced)
            let environment = try? store.environment(for: [], log: dir + "/setup-\(index).log")
            roots.handler(environment?.root ?? "failed")
        }
        #expect(Set(roots.lines).count == 1 && !roots.lines.contains("failed"))
        let logs = (0..<3).compactMap { try? String(contentsOfFile: dir + "/setup-\($0).log", encoding: .utf8) }
        #expect(logs.joined().components(separatedBy: "-m venv").count - 1 == 1)
    }

    @Test("a failing pip install throws with pip's last lines and the log path, and leaves no environment")
    func failingInstall() throws {
        let dir = try TestSupport.makeTemporaryDirectory("venv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = PythonEnvironmentStore(root: dir + "/envs", toolChoice: .pipForced)
        let steps = [[dir + "/no-such-package-dir"]]
        let log = dir + "/setup.log"
        let error = try #require(throws: RunnerError.self) { try store.environment(for: steps, log: log) }
        #expect(error.code == .environmentSetupFailed && error.location == .path(log))
        #expect(error.message.contains("log: \(log)") && error.message.contains("no-such-package-dir"))
        #expect(error.message.contains("  | "))
        #expect(!FileManager.default.fileExists(atPath: dir + "/envs/" + (try store.key(for: steps))))
    }

    @Test("a real package from PyPI is installed and importable", .enabled(if: PythonConditions.online))
    func realPackage() throws {
        let dir = try TestSupport.makeTemporaryDirectory("venv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = PythonEnvironmentStore(root: dir + "/envs", toolChoice: .pipForced)
        let environment = try store.environment(for: [["six==1.16.0"]], log: dir + "/setup.log")
        #expect(try Self.runPython(environment, "import six; print(six.__version__)", in: dir) == "1.16.0")
        #expect(try String(contentsOfFile: dir + "/setup.log", encoding: .utf8).contains("pip install --disable-pip-version-check"))
    }
}

extension EnvironmentToolChoice {
    /// pip whatever is on PATH: the tests above pin pip's commands in the log.
    static let pipForced = EnvironmentToolChoice(preference: .pip, uv: nil)
}
