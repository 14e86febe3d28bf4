import Foundation
import Testing
@testable import Runners

/// uv for the tests: `TARMAC_UV`, `uv` on PATH, or the one scripts/install-deps puts in `$TARMAC_TOOLS/uv`.
enum UvConditions {
    static let uv: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let found = EnvironmentToolChoice.findUv(environment) { return found }
        let tools = environment["TARMAC_TOOLS"] ?? TestSupport.packageRoot + "/.tools"
        let bundled = tools + "/uv/bin/uv"
        return FileManager.default.isExecutableFile(atPath: bundled) ? bundled : nil
    }()
    /// In CI (`CI=true`) never skipped: a missing uv fails the tests.
    static let enabled = TestSupport.isCI || (uv != nil && PythonConditions.online)
}

/// Real uv builds from PyPI (the package caches of the store make the second build local).
@Suite("PythonEnvironmentStore with uv", .enabled(if: UvConditions.enabled))
struct PythonEnvironmentUvTests {
    static func store(_ root: String, _ preference: EnvironmentToolChoice.Preference) throws -> PythonEnvironmentStore {
        let uv = try #require(UvConditions.uv, "uv is not installed: run scripts/install-deps")
        return PythonEnvironmentStore(root: root, toolChoice: EnvironmentToolChoice(preference: preference, uv: uv))
    }

    static func inode(_ path: String) throws -> UInt64? {
        (try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? NSNumber)?.uint64Value
    }

    @Test("uv builds a working venv with the package and pip; the log and the marker name uv")
    func uvBuild() throws {
        let dir = try TestSupport.makeTemporaryDirectory("uvenv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Self.store(dir + "/envs", .automatic)
        let environment = try store.environment(for: [["six==1.16.0"]], log: dir + "/setup.log")
        #expect(try PythonEnvironmentStoreTests.runPython(environment, "import six; print(six.__version__)", in: dir) == "1.16.0")
        #expect(try PythonEnvironmentStoreTests.runPython(environment, "import sys; print(sys.prefix)", in: dir) == environment.root)
        #expect(FileManager.default.isExecutableFile(atPath: environment.binDirectory + "/pip"), "seeded like -m venv")
        let log = try String(contentsOfFile: dir + "/setup.log", encoding: .utf8)
        #expect(log.hasPrefix("tarmac: building the environment with uv ("))
        #expect(log.contains(" venv --seed --python ") && log.contains(" pip install --python \(environment.python) six==1.16.0"))
        #expect(!log.contains("-m pip install"))
        let compiles = UvInstallStep.importsCannotWriteBytecode(ProcessInfo.processInfo.environment)
        #expect(log.contains(" --compile-bytecode") == compiles, "bytecode at install only where imports cannot write it")
        let marker = try String(contentsOfFile: environment.root + "/" + PythonEnvironmentStore.readyMarker, encoding: .utf8)
        #expect(marker.contains("\"tool\":\"uv\""))
    }

    @Test("a changed install set gets a new environment whose shared files are hard links into the store's cache")
    func changedSetSharesFiles() throws {
        let dir = try TestSupport.makeTemporaryDirectory("uvenv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Self.store(dir + "/envs", .uv)
        let first = try store.environment(for: [["six==1.16.0"]], log: dir + "/first.log")
        let second = try store.environment(for: [["six==1.16.0"], ["--no-deps", "packaging==24.1"]], log: dir + "/second.log")
        #expect(first.root != second.root)
        #expect(try PythonEnvironmentStoreTests.runPython(second, "import six, packaging; print(packaging.__version__)", in: dir) == "24.1")
        let site = try #require(FileManager.default.enumerator(atPath: first.root)?.allObjects
            .compactMap { $0 as? String }.first { $0.hasSuffix("site-packages/six.py") })
        #expect(try Self.inode(first.root + "/" + site) == (try Self.inode(second.root + "/" + site)), "six.py is one file on disk")
    }

    @Test("the seed packages come from uv's cache once it has them; from the index into an empty cache")
    func seedFromCache() throws {
        let dir = try TestSupport.makeTemporaryDirectory("uvenv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Self.store(dir + "/envs", .uv)
        let first = try store.environment(for: [], log: dir + "/first.log")
        let second = try store.environment(for: [["six==1.16.0"]], log: dir + "/second.log")
        let firstLog = try String(contentsOfFile: dir + "/first.log", encoding: .utf8)
        let secondLog = try String(contentsOfFile: dir + "/second.log", encoding: .utf8)
        #expect(firstLog.contains("uv's cache lacks the seed packages; asking the index"), "a new store's cache is empty")
        #expect(secondLog.contains(" venv --seed --python ") && secondLog.contains(" --offline\n"))
        #expect(!secondLog.contains("asking the index"))
        for environment in [first, second] {
            #expect(FileManager.default.isExecutableFile(atPath: environment.binDirectory + "/pip"))
        }
    }

    @Test("bytecode compiled into the store's uv cache comes with the next environment by hard link, and is used as it is")
    func bytecodeThroughCache() throws {
        let dir = try TestSupport.makeTemporaryDirectory("uvenv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Self.store(dir + "/envs", .uv)
        let first = try store.environmentAndBuilder(for: [["six==1.16.0"]], log: dir + "/first.log")
        #expect(first.builtWith == .uv(try #require(UvConditions.uv)), "built by uv in this call")
        #expect(try store.environmentAndBuilder(for: [["six==1.16.0"]], log: dir + "/again.log").builtWith == nil, "ready already")
        #expect(store.compileCachedBytecode(runner: SubprocessRunner()))
        let cached = try #require(FileManager.default.enumerator(atPath: store.uvCacheDirectory)?.allObjects.compactMap { $0 as? String }
            .first { $0.contains("__pycache__/six.cpython-") && $0.hasSuffix(".pyc") })
        let second = try store.environment(for: [["six==1.16.0"], ["--no-deps", "packaging==24.1"]], log: dir + "/second.log")
        let linked = try #require(FileManager.default.enumerator(atPath: second.root)?.allObjects.compactMap { $0 as? String }
            .first { $0.hasSuffix("/" + (cached as NSString).lastPathComponent) && $0.contains("site-packages/__pycache__/") })
        let inode = try Self.inode(second.root + "/" + linked)
        #expect(inode == (try Self.inode(store.uvCacheDirectory + "/" + cached)), "one file on disk")
        // runPython passes only PATH, so Python may write bytecode: it would replace an invalid .pyc.
        #expect(try PythonEnvironmentStoreTests.runPython(second, "import six; print(six.__version__)", in: dir) == "1.16.0")
        #expect(try Self.inode(second.root + "/" + linked) == inode, "valid as linked: Python did not write it again")
    }

    @Test("forced pip and a missing uv build with pip, under another key than uv's")
    func pipFallback() throws {
        let dir = try TestSupport.makeTemporaryDirectory("uvenv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let uvStore = try Self.store(dir + "/envs", .uv)
        let pipStore = try Self.store(dir + "/envs", .pip)
        let noUv = PythonEnvironmentStore(root: dir + "/envs", toolChoice: EnvironmentToolChoice(preference: .automatic, uv: nil))
        #expect(try uvStore.key(for: []) != (try pipStore.key(for: [])))
        #expect(try noUv.key(for: []) == (try pipStore.key(for: [])))
        _ = try pipStore.environment(for: [], log: dir + "/forced.log")
        let forced = try String(contentsOfFile: dir + "/forced.log", encoding: .utf8)
        #expect(forced.hasPrefix("tarmac: building the environment with pip (TARMAC_ENV_TOOL=pip)\n") && forced.contains("-m venv"))
        try FileManager.default.removeItem(atPath: dir + "/envs")
        _ = try noUv.environment(for: [], log: dir + "/absent.log")
        let absent = try String(contentsOfFile: dir + "/absent.log", encoding: .utf8)
        #expect(absent.hasPrefix("tarmac: building the environment with pip (no uv on PATH or at TARMAC_UV)\n"))
    }
}
