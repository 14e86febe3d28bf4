import Basics
import Foundation

/// A virtual environment made by `PythonEnvironmentStore`, ready to use.
public struct PythonEnvironment: Sendable, Hashable {
    /// The environment's directory, `<store root>/<key>`.
    public var root: String
    /// Put this first on a task's PATH so that `python3` and `pip` are the environment's.
    public var binDirectory: String { root + "/bin" }
    /// The environment's interpreter.
    public var python: String { binDirectory + "/python" }
}

/// Python virtual environments, one per (base interpreter, install steps), built once and shared by
/// every task, run and process that asks for the same packages.
///
/// An environment lives at `<root>/<key>/`, where key = sha256 of the canonical JSON of the base
/// interpreter's version and real path and the install steps. It is built in place under an
/// exclusive `flock` of `<root>/<key>.lock` and is complete only once its `tarmac-ready.json`
/// marker exists (written last, by rename); a directory without the marker is a crashed build and
/// is rebuilt. Environments are not renamed into place because a venv hard-codes its own absolute
/// path (pip's script shebangs, `bin/activate`).
///
/// `@unchecked Sendable`: `probedPython` is guarded by `lock`; everything else is immutable.
public final class PythonEnvironmentStore: @unchecked Sendable {
    /// The store's directory.
    public let root: String
    /// The interpreter environments are made from (`-m venv`).
    public let basePython: String
    /// Runs venv and pip; pass the engine's runner so that cancelling a run also stops an install.
    let runner: TaskRunner
    /// pip or uv (`TARMAC_ENV_TOOL`, `TARMAC_UV`, PATH), or why the setting is invalid.
    let toolChoice: Result<EnvironmentToolChoice, RunnerError>
    /// pip's settings, read once: a uv build is given the same indexes, links and CA bundle.
    let pipSettings: PipSettings
    private let lock = NSLock()
    private var probedPython: String?

    /// Bumped when the layout of an environment or the key's material changes.
    static let formatVersion = 1
    /// The marker file, inside an environment, that says it is complete.
    static let readyMarker = "tarmac-ready.json"

    /// Debian's `/usr/bin/python3` when it exists, which starts fast and does not move; else
    /// `python3`, found on PATH when used.
    public static var defaultBasePython: String {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
    }

    /// uv's cache, shared by every environment of the store so that uv hard-links their files.
    public var uvCacheDirectory: String { root + "/uv-cache" }

    /// A store under `root` (created on first use) making environments from `basePython`, with the
    /// tool `toolChoice` picks (by default read from `TARMAC_ENV_TOOL`, `TARMAC_UV` and PATH).
    public init(root: String, basePython: String = PythonEnvironmentStore.defaultBasePython,
                runner: TaskRunner = SubprocessRunner(), toolChoice: EnvironmentToolChoice? = nil,
                pipSettings: PipSettings = .current()) {
        self.root = root
        self.basePython = basePython
        self.runner = runner
        if let toolChoice {
            self.toolChoice = .success(toolChoice)
        } else {
            do throws(RunnerError) { self.toolChoice = .success(try .fromEnvironment()) } catch {
                self.toolChoice = .failure(error)
            }
        }
        self.pipSettings = pipSettings
    }

    /// The tool that builds the environment for `installSteps`, and the sentence that says why.
    public func tool(for installSteps: [[String]]) throws(RunnerError) -> (EnvironmentTool, String) {
        try toolChoice.get().decide(installSteps: installSteps, pipSettings: pipSettings)
    }

    /// The environment with `installSteps` (each one `pip install`'s arguments) installed in order,
    /// built first if needed; the output of venv and pip is appended to `log`.
    public func environment(for installSteps: [[String]], log: String) throws(RunnerError) -> PythonEnvironment {
        try environmentAndBuilder(for: installSteps, log: log).environment
    }

    /// ``environment(for:log:)``, and the tool that built it in this call (nil when it was there already).
    public func environmentAndBuilder(for installSteps: [[String]], log: String) throws(RunnerError)
        -> (environment: PythonEnvironment, builtWith: EnvironmentTool?) {
        let (tool, why) = try tool(for: installSteps)
        let key = try self.key(for: installSteps, tool: tool)
        let environment = PythonEnvironment(root: root + "/" + key)
        let marker = environment.root + "/" + Self.readyMarker
        if FileManager.default.fileExists(atPath: marker) { return (environment, nil) }
        try makeDirectory(root)
        let fileLock = try FileLock(path: root + "/" + key + ".lock")
        defer { fileLock.unlock() }
        if FileManager.default.fileExists(atPath: marker) { return (environment, nil) }  // another builder won
        Self.appendLine("tarmac: building the environment with \(why)", to: log)
        switch tool {
        case .pip: try build(environment, installSteps: installSteps, log: log)
        case .uv(let uv): try buildWithUv(uv, environment, installSteps: installSteps, log: log)
        }
        try writeMarker(marker, key: key, installSteps: installSteps, tool: tool)
        return (environment, tool)
    }

    /// The directory name of the environment for `installSteps`: a SHA-256 digest. A uv-built
    /// environment's material also has `"installer": "uv"` (a pip-built one's is unchanged): the two
    /// resolvers may pick different versions for the same request, and a venv from `uv venv` differs
    /// from one of `-m venv`, so forcing pip never reuses a uv build nor the other way round.
    public func key(for installSteps: [[String]]) throws(RunnerError) -> String {
        try key(for: installSteps, tool: tool(for: installSteps).0)
    }

    /// ``key(for:)`` with the tool already decided.
    private func key(for installSteps: [[String]], tool: EnvironmentTool) throws(RunnerError) -> String {
        var material: [String: JSONValue] = [
            "format": .number(Double(Self.formatVersion)),
            "python": .string(try pythonIdentity()),
            "installSteps": .array(installSteps.map { .array($0.map(JSONValue.string)) }),
        ]
        if case .uv = tool { material["installer"] = .string("uv") }
        return Digest.sha256(JSONValue.object(material).canonicalJSON)
    }

    /// `sys.version` and the real path of the base interpreter, asked once per store.
    private func pythonIdentity() throws(RunnerError) -> String {
        if let known = lock.withLock({ probedPython }) { return known }
        let identity = try probePython()
        lock.withLock { probedPython = identity }
        return identity
    }
}
