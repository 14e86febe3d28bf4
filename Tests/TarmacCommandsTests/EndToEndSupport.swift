import Basics
import Engine
import Foundation
import Testing
import TarmacCommands

// End-to-end support: real `tarmac run`s (in-process, real subprocesses and Python environments) over the
// compiled examples and over small failure pipelines compiled by the real KFP compiler.
// (These files move to Tests/EndToEndTests/ once that target exists in Package.swift.)

/// Facts about the machine and the shared directories of one test process.
enum E2E {
    static let environment = ProcessInfo.processInfo.environment

    /// In CI (`CI=true`) no end-to-end test may be skipped: a missing tool is a failure there.
    static var isCI: Bool { environment["CI"] == "true" }

    /// `${TARMAC_TOOLS:-<repo>/.tools}`, where the scripts keep their Python environments.
    static var toolsDirectory: String { environment["TARMAC_TOOLS"] ?? Repo.root.appendingPathComponent(".tools").path }

    /// The KFP 2.17.3 compiler's interpreter, made by `scripts/compile-examples`.
    static var kfpCompilerPython: String { toolsDirectory + "/kfp-2.17.3/bin/python" }

    /// A `python3` that can make virtual environments (Tarmac's Lightweight Python components need it).
    static let hasPython3: Bool = ["/usr/bin/python3", "/usr/local/bin/python3"].contains {
        FileManager.default.isExecutableFile(atPath: $0)
    } || which("python3") != nil

    /// Whether the tests that need Python may run: always in CI (where a missing tool must fail them).
    static var pythonTestsEnabled: Bool { isCI || hasPython3 }

    /// Whether the fixture pipelines can be compiled: always in CI (the compiler is made by scripts/test).
    static var compilerTestsEnabled: Bool { isCI || FileManager.default.isExecutableFile(atPath: kfpCompilerPython) }

    /// One store for every run of this test process (database, Python environments, artifacts), so that
    /// each environment is built once per process and parallel runs share a store as users' runs do.
    /// `<store>/envs` is a link to `<tmp>/tarmac-e2e-envs`, shared by later test processes too (the
    /// environments are content-addressed and built under a lock), unless `TARMAC_E2E_FRESH_ENVS=1`.
    static let store: String = {
        let tmp = NSTemporaryDirectory()
        let store = (tmp as NSString).appendingPathComponent("tarmac-e2e-\(getpid())")
        let fm = FileManager.default
        removeStoresOfEndedProcesses(in: tmp)
        try? fm.removeItem(atPath: store)
        try? fm.createDirectory(atPath: store, withIntermediateDirectories: true)
        if environment["TARMAC_E2E_FRESH_ENVS"] != "1" {
            let envs = (tmp as NSString).appendingPathComponent("tarmac-e2e-envs")
            try? fm.createDirectory(atPath: envs, withIntermediateDirectories: true)
            try? fm.createSymbolicLink(atPath: store + "/envs", withDestinationPath: envs)
        }
        return store
    }()

    /// Stores are left behind for inspection when a test process ends; the next one removes those whose
    /// process is gone.
    private static func removeStoresOfEndedProcesses(in tmp: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? [] where name.hasPrefix("tarmac-e2e-") {
            guard let pid = Int32(name.dropFirst("tarmac-e2e-".count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(atPath: (tmp as NSString).appendingPathComponent(name)) }
        }
    }

    static func which(_ tool: String) -> String? {
        for directory in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Writes an executable script without ever holding it open for writing in this process: a file this
    /// process writes can be inherited, still open, by a child another test forks at that moment, and exec of it
    /// then fails with ETXTBSY (exit 126, met once on the CI). `install` writes it in a process of its own.
    static func writeExecutable(_ text: String, to path: String) async throws {
        let draft = path + ".draft"
        try text.write(toFile: draft, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: draft) }
        let installed = await runProcess(["/usr/bin/install", "-m", "755", draft, path])
        guard installed.code == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    /// A fresh scratch directory for one test.
    static func scratchDirectory(_ label: String) -> String {
        let path = store + "/scratch/\(label)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// Runs blocking work on its own thread so that parallel tests do not starve Swift's cooperative pool.
func offThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}

/// Runs `tarmac ARGUMENTS...` in-process on its own thread, capturing its output.
func tarmacOffThread(_ arguments: [String]) async -> CommandResult {
    await offThread { tarmac(arguments) }
}

/// What an external process did.
struct ProcessResult: Sendable {
    let code: Int32
    let stdout: String
    let stderr: String
}

/// Runs an external command to its end (output through files, so no pipe can fill up).
func runProcess(_ argv: [String], in directory: String? = nil, environment: [String: String]? = nil) async -> ProcessResult {
    await offThread {
        let scratch = NSTemporaryDirectory() + "/tarmac-e2e-proc-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: scratch + ".out"); try? FileManager.default.removeItem(atPath: scratch + ".err") }
        _ = FileManager.default.createFile(atPath: scratch + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: scratch + ".err", contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = argv
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        do {
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + ".out"))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + ".err"))
            try process.run()
        } catch {
            return ProcessResult(code: -1, stdout: "", stderr: "cannot start \(argv): \(error)")
        }
        process.waitUntilExit()
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return ProcessResult(code: process.terminationStatus, stdout: read(scratch + ".out"), stderr: read(scratch + ".err"))
    }
}

/// One task of a run's `--json` document.
struct TaskReport: Sendable {
    let name: String
    let displayName: String
    let state: String
    let exitCode: Int?
    let attempts: Int
    let kind: String
    let error: String?
    /// ISO 8601 UTC times (whole seconds), so they compare as text.
    let started: String?
    let finished: String?
    /// What the live view, JUnit and the report call it (`display_path`).
    let displayPath: String
    /// When it became ready (ISO 8601 UTC, whole seconds).
    let queued: String?
    /// `duration_seconds`: finished − started (nil for a task that never ran).
    let duration: Double?
    /// Each attempt's launch and end (`attempt_times`, fractional seconds).
    let attemptTimes: [AttemptReport]

    /// One attempt of `attempt_times`.
    struct AttemptReport: Sendable {
        let started: Date?
        let finished: Date?
    }

    /// An ISO 8601 time of the document as a date (whole seconds, or with `fractional` seconds).
    static func date(_ text: String?, fractional: Bool = false) -> Date? {
        let formatter = ISO8601DateFormatter()
        if fractional { formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds] }
        return text.flatMap(formatter.date(from:))
    }
}

/// One output artifact of a run's `--json` document.
struct ArtifactReport: Sendable {
    let uri: String
    let path: String
    let metadata: [String: JSONValue]

    /// The artifact's bytes as text ("" when it cannot be read).
    var text: String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
}

/// The outcome of one `tarmac run --json -q`.
struct PipelineRun: Sendable {
    let arguments: [String]
    let code: Int32
    let stdout: String
    let stderr: String
    let runID: String
    let pipeline: String
    let state: String
    let parameters: [String: JSONValue]
    let artifacts: [String: [ArtifactReport]]
    let tasks: [TaskReport]
    /// Why the JSON document could not be read (nil when it was).
    let problem: String?

    init(arguments: [String], result: CommandResult) {
        self.arguments = arguments
        code = result.code
        stdout = result.stdout
        stderr = result.stderr
        var problem: String?
        var document: [String: JSONValue] = [:]
        do {
            document = try JSONValue.parse(result.stdout).objectValue ?? [:]
        } catch {
            problem = "stdout is not one JSON object (\(error)): \(result.stdout.prefix(300))"
        }
        self.problem = problem
        runID = document["run_id"]?.stringValue ?? ""
        pipeline = document["pipeline"]?.stringValue ?? ""
        state = document["state"]?.stringValue ?? ""
        let outputs = document["outputs"]?.objectValue ?? [:]
        parameters = outputs["parameters"]?.objectValue ?? [:]
        artifacts = (outputs["artifacts"]?.objectValue ?? [:]).mapValues { list in
            (list.arrayValue ?? []).map { item in
                ArtifactReport(uri: item["uri"]?.stringValue ?? "", path: item["path"]?.stringValue ?? "",
                               metadata: item["metadata"]?.objectValue ?? [:])
            }
        }
        tasks = (document["tasks"]?.arrayValue ?? []).map { task in
            TaskReport(name: task["name"]?.stringValue ?? "", displayName: task["display_name"]?.stringValue ?? "",
                       state: task["state"]?.stringValue ?? "", exitCode: task["exit_code"]?.numberValue.map { Int($0) },
                       attempts: Int(task["attempts"]?.numberValue ?? -1), kind: task["kind"]?.stringValue ?? "",
                       error: task["error"]?.stringValue, started: task["started"]?.stringValue,
                       finished: task["finished"]?.stringValue, displayPath: task["display_path"]?.stringValue ?? "",
                       queued: task["queued"]?.stringValue, duration: task["duration_seconds"]?.numberValue,
                       attemptTimes: (task["attempt_times"]?.arrayValue ?? []).map { attempt in
                           TaskReport.AttemptReport(started: TaskReport.date(attempt["started"]?.stringValue, fractional: true),
                                                    finished: TaskReport.date(attempt["finished"]?.stringValue, fractional: true))
                       })
        }
    }

    /// Task name → state, for every task instance of the run (groups included).
    var states: [String: String] { Dictionary(tasks.map { ($0.name, $0.state) }, uniquingKeysWith: { a, _ in a }) }

    func task(_ name: String) -> TaskReport? { tasks.first { $0.name == name } }

    /// The single artifact of pipeline output `name`.
    func artifact(_ name: String) -> ArtifactReport? { artifacts[name]?.first }

    /// What a person needs to see when an expectation fails.
    var diagnostics: Comment {
        Comment(rawValue: "tarmac \(arguments.joined(separator: " ")) → exit \(code)\n" + (problem.map { $0 + "\n" } ?? "")
            + "stderr:\n\(stderr.suffix(3000))\ntasks: "
            + tasks.map { "\($0.name)=\($0.state)\($0.error.map { " (\($0))" } ?? "")" }.joined(separator: "; "))
    }

    /// The directory of one task instance. Tarmac's layout: `<pipeline root>/<pipeline>/<run id>/<task>`,
    /// loop indexes as `.N`; the executor's output file (KFP's `outputs.outputFile`) is `executor_output.json`
    /// there. The pipeline root is `<store>/artifacts` unless `--pipeline-root` was given.
    func taskDirectory(_ task: String) -> String {
        let root = arguments.firstIndex(of: "--pipeline-root").map { arguments[$0 + 1] } ?? store + "/artifacts"
        return RunLayout.taskDirectory(runDirectory: "\(root)/\(pipeline)/\(runID)", task: task)
    }

    /// Output parameter `name` of a (Lightweight Python) task, as its executor output file reports it.
    func returned(_ task: String, _ name: String = "Output") -> JSONValue? {
        guard let data = FileManager.default.contents(atPath: taskDirectory(task) + "/executor_output.json"),
              let document = try? JSONValue.parse(data) else { return nil }
        return document["parameterValues"]?[name]
    }

    /// The logs of one task (`tarmac logs RUN TASK`).
    func logs(_ task: String) async -> String {
        await tarmacOffThread(["logs", runID, task, "--store", store]).stdout
    }

    /// The store the run used.
    var store: String { arguments.firstIndex(of: "--store").map { arguments[$0 + 1] } ?? E2E.store }
}

/// `tarmac run PIPELINE --store <shared> --json -q ARGUMENTS...`, on its own thread, with the test
/// defaults of `withTestDefaults` (the cache tests use stores of their own, see `isolatedStore`).
func runPipeline(_ pipeline: String, _ arguments: [String] = [], quiet: Bool = true) async -> PipelineRun {
    var full = ["run", pipeline, "--json"] + (quiet ? ["-q"] : []) + arguments
    if !arguments.contains("--store") { full += ["--store", E2E.store] }
    return PipelineRun(arguments: full, result: await tarmacOffThread(full))
}

/// A new, empty store for one test, sharing the process's Python environments (`<store>/envs`).
func isolatedStore(_ label: String) -> String {
    let store = E2E.scratchDirectory("store-\(label)")
    try? FileManager.default.createSymbolicLink(atPath: store + "/envs", withDestinationPath: E2E.store + "/envs")
    return store
}

/// Runs shared between tests: the example tests and the kfp.local comparison tests read the same run of
/// an example with the same parameters instead of running it twice.
actor SharedRuns {
    static let shared = SharedRuns()
    private var runs: [[String]: Task<PipelineRun, Never>] = [:]

    /// The run of `examples/<example>/pipeline.yaml` with `--param` for each of `parameters`, then `options`.
    func example(_ example: String, _ parameters: [String] = [], options: [String] = []) async -> PipelineRun {
        let key = [example] + parameters + ["--"] + options
        if let running = runs[key] { return await running.value }
        let task = Task { await runPipeline("examples/\(example)/pipeline.yaml", parameters.flatMap { ["--param", $0] } + options) }
        runs[key] = task
        return await task.value
    }
}

/// The failure-path pipelines under Tests/Fixtures/pipelines/<name>/pipeline.py, compiled by the real KFP
/// compiler (kfp 2.17.3 from scripts/compile-examples) once per test process into a temporary directory.
/// Compiling at test time (about 3 s for all, one interpreter) means the YAML can never be stale.
actor FixturePipelines {
    static let shared = FixturePipelines()
    private var compilation: Task<Result<[String: String], CompileFailure>, Never>?

    struct CompileFailure: Error, CustomStringConvertible {
        let description: String
    }

    static let folder = "Tests/Fixtures/pipelines"

    /// The path of the compiled YAML of fixture `name`.
    func yaml(_ name: String) async throws -> String {
        if compilation == nil { compilation = Task { await Self.compileAll() } }
        let compiled = try await compilation!.value.get()
        guard let path = compiled[name] else { throw CompileFailure(description: "no fixture pipeline \(name)") }
        return path
    }

    private static func compileAll() async -> Result<[String: String], CompileFailure> {
        let python = E2E.kfpCompilerPython
        guard FileManager.default.isExecutableFile(atPath: python) else {
            return .failure(CompileFailure(description: "the KFP compiler \(python) is missing; run scripts/compile-examples (scripts/test does)"))
        }
        let sourceRoot = Repo.root.appendingPathComponent(folder).path
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: sourceRoot)) ?? []).filter {
            FileManager.default.fileExists(atPath: "\(sourceRoot)/\($0)/pipeline.py")
        }.sorted()
        let outDirectory = E2E.store + "/fixtures"
        try? FileManager.default.createDirectory(atPath: outDirectory, withIntermediateDirectories: true)
        var argv = [python, "-c", """
            import os, runpy, sys
            pairs = list(zip(sys.argv[1::2], sys.argv[2::2]))
            for source, out in pairs:
                os.chdir(os.path.dirname(source))
                sys.argv = [source, out]
                runpy.run_path(source, run_name='__main__')
            """]
        var compiled: [String: String] = [:]
        for name in names {
            compiled[name] = "\(outDirectory)/\(name).yaml"
            argv += ["\(sourceRoot)/\(name)/pipeline.py", compiled[name]!]
        }
        var environment = E2E.environment
        environment["KFP_DISABLE_EXECUTION_CACHING_BY_DEFAULT"] = nil
        let result = await runProcess(argv, environment: environment)
        guard result.code == 0 else {
            return .failure(CompileFailure(description: "compiling \(folder) failed (exit \(result.code)):\n\(result.stderr)"))
        }
        return .success(compiled)
    }
}

/// The SHA-256 of a file, or for a directory of "<relative path>\0<file sha256>\n" over its files in sorted
/// order (what scripts/kfp-local-run writes).
func contentDigest(_ path: String) -> String? {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
    if !isDirectory.boolValue {
        return FileManager.default.contents(atPath: path).map { Digest.sha256($0) }
    }
    guard let enumerator = FileManager.default.enumerator(atPath: path) else { return nil }
    var files: [String] = []
    while let relative = enumerator.nextObject() as? String {
        var sub: ObjCBool = false
        if FileManager.default.fileExists(atPath: path + "/" + relative, isDirectory: &sub), !sub.boolValue { files.append(relative) }
    }
    let lines = files.sorted().map { "\($0)\u{0}\(contentDigest(path + "/" + $0) ?? "")\n" }.joined()
    return Digest.sha256(lines)
}

/// Example 11 mounts a PVC at /mnt/shared; without containers its tasks use that host directory. Runs that
/// use it go through here, and the directory is removed after the last one if it did not exist before.
actor HostMount {
    static let shared = HostMount()
    static let path = "/mnt/shared"
    private var users = 0
    private var existedBefore: Bool?

    func using<T: Sendable>(_ body: @Sendable () async -> T) async -> T {
        if existedBefore == nil { existedBefore = FileManager.default.fileExists(atPath: Self.path) }
        users += 1
        let result = await body()
        users -= 1
        if users == 0, existedBefore == false { try? FileManager.default.removeItem(atPath: Self.path) }
        return result
    }
}
