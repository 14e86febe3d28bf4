import Basics
import Foundation

/// What a container task needs to get its derived image: its base image, the KFP install script of its
/// Lightweight Python command, and the run's container settings that the install must see.
public struct DerivedImageRequest: Sendable {
    /// The engine and its client.
    public var engine: ContainerEngineKind
    public var executable: String
    /// The task's image, normalized (`docker.io/library/python:3.11-slim`), and its pull policy.
    public var baseImage: String
    public var pull: ImagePullPolicy
    /// The install script exactly as compiled (`command[2]` of `sh -c <install script> sh -ec …`).
    public var installScript: String
    /// Variables the install sees (the run's `--env`, `--inherit-proxy`'s, the component's `env`, secrets): written to
    /// a private file the build sources, never passed with `--env`, so that the committed image's config keeps none.
    public var variables: [String: String] = [:]
    /// The run's `--mount`s (CA bundles, a pip cache) and `--network`.
    public var mounts: [ContainerMount] = []
    public var network: String?
    /// The run (the build container's `tarmac.run` label) and the task's environment log.
    public var runID: String
    public var log: String
    /// The engine client's own environment.
    public var clientEnvironment: [String: String]

    public init(engine: ContainerEngineKind, executable: String, baseImage: String, pull: ImagePullPolicy, installScript: String,
                runID: String, log: String, clientEnvironment: [String: String]) {
        self.engine = engine
        self.executable = executable
        self.baseImage = baseImage
        self.pull = pull
        self.installScript = installScript
        self.runID = runID
        self.log = log
        self.clientEnvironment = clientEnvironment
    }
}

/// A derived image ready to run a task's program without its install step.
public struct DerivedImage: Sendable, Hashable {
    /// `localhost/tarmac-env/<key>`.
    public var tag: String
    /// The SHA-256 of its material (`DerivedImageStore.key`).
    public var key: String
    /// Built by this lookup (false: an earlier build was reused).
    public var built: Bool
}

/// Images derived from a Lightweight Python component's base image by running its KFP install script once and
/// committing the container (`<engine> commit`), tagged `localhost/tarmac-env/<key>` and reused by every task, run and
/// process asking for the same (engine, base image ID, install script). A re-pulled tag has another ID, so it never
/// reuses an image built from the old one. Records live in `<root>/<key>.json` (last use, the cache entries made with
/// it) for `cache prune`; a build holds the `flock` `<root>/<key>.lock`, so parallel tasks build once.
public final class DerivedImageStore: @unchecked Sendable {  // immutable
    /// `<store>/derived-images`.
    public let root: String
    /// Runs the build container (the run's runner, so a cancelled run stops a build too).
    let runner: TaskRunner

    /// The repository every derived image is tagged in.
    public static let repository = "localhost/tarmac-env"
    /// Bumped when the build or the key's material changes.
    static let formatVersion = 1
    /// Where the build container sees its variables file: under `/dev`, the engine's own tmpfs, so the commit holds no
    /// mount point for it.
    static let variablesPath = "/dev/tarmac-build-environment"

    public init(root: String, runner: TaskRunner) {
        self.root = root
        self.runner = runner
    }

    /// The key of a derived image: SHA-256 of the canonical JSON of the format, the engine, the base image's ID (as the
    /// engine reports it) and the install script.
    public static func key(engine: ContainerEngineKind, baseImageID: String, installScript: String) -> String {
        let material: JSONValue = .object([
            "format": .number(Double(formatVersion)), "engine": .string(engine.rawValue),
            "baseImageID": .string(baseImageID), "installScript": .string(installScript),
        ])
        return Digest.sha256(material.canonicalJSON)
    }

    /// The derived image for `request`, built first if needed; nil when the base image cannot be found or pulled (the
    /// task then runs as compiled, and the engine says what is wrong with its image). A failed install throws.
    public func image(for request: DerivedImageRequest) throws(RunnerError) -> DerivedImage? {
        let engine = EngineCommands(executable: request.executable, environment: request.clientEnvironment)
        guard let baseID = engine.baseImageID(request.baseImage, pull: request.pull, log: request.log) else { return nil }
        let key = Self.key(engine: request.engine, baseImageID: baseID, installScript: request.installScript)
        let tag = Self.repository + "/" + key
        let record = DerivedImageRecord(key: key, tag: tag, engine: request.engine.rawValue, baseImage: request.baseImage,
                                        baseImageID: baseID, created: Date(), lastUsed: Date(), entries: [])
        if engine.exists(tag) {
            touch(record)
            PythonEnvironmentStore.appendLine("tarmac: reusing the derived image \(tag) (\(request.baseImage) with its install step)", to: request.log)
            return DerivedImage(tag: tag, key: key, built: false)
        }
        try makeDirectory()
        let lock = try FileLock(path: root + "/" + key + ".lock")
        defer { lock.unlock() }
        if engine.exists(tag) {  // another builder won
            touch(record)
            PythonEnvironmentStore.appendLine("tarmac: reusing the derived image \(tag), built meanwhile", to: request.log)
            return DerivedImage(tag: tag, key: key, built: false)
        }
        PythonEnvironmentStore.appendLine("tarmac: building the derived image \(tag): \(request.baseImage) (\(baseID)) with the "
                                          + "component's install step, run once", to: request.log)
        try build(request, baseID: baseID, tag: tag, engine: engine)
        try writeRecord(record)
        return DerivedImage(tag: tag, key: key, built: true)
    }

    /// Runs the install script in a container of the base image (by ID) and commits it as `tag` once it exited with 0.
    private func build(_ request: DerivedImageRequest, baseID: String, tag: String, engine: EngineCommands) throws(RunnerError) {
        let variables = root + "/build-\(Digest.randomHex(bytes: 8)).env"
        defer { try? FileManager.default.removeItem(atPath: variables) }
        guard FileManager.default.createFile(atPath: variables, contents: Data(Self.variablesScript(request.variables).utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw RunnerError(.fileSystem, "cannot write the build's variables file", at: .path(variables))
        }
        // `"$0" "$@"`, the script's hand-over to the program, runs `true`.
        let command = ["sh", "-c", ". \(Self.variablesPath) && exec sh -c \"$1\" true", "sh", request.installScript]
        var container = ContainerInvocation(engine: request.engine, name: "tarmac-env-\(tag.suffix(12))-\(Digest.randomHex(bytes: 4))",
                                            runID: request.runID, image: baseID, command: command)
        container.autoRemove = false
        container.pull = .never
        container.network = request.network
        container.mounts = request.mounts + [ContainerMount(hostPath: variables, containerPath: Self.variablesPath, readOnly: true)]
        let base = engine.config(of: baseID)
        let committed = CommitResult()
        // The client runs in the task's directory, as a task's does: its conmon inherits that working directory, and
        // `Descendants.killEscaped(under: "/")` after any `capture` in this process would end a conmon whose is `/`.
        var spec = ProcessSpec(argv: command, environment: request.clientEnvironment,
                               workingDirectory: (request.log as NSString).deletingLastPathComponent, logFile: request.log,
                               container: container)
        spec.beforeContainerRemoval = ContainerHook { files in
            committed.set(engine.commit(files.container, tag: tag, restoring: base, log: request.log))
        }
        PythonEnvironmentStore.appendLine("$ " + ([request.executable] + container.arguments).joined(separator: " "), to: request.log)
        let outcome = runner.run(spec)
        if case .canceled = outcome.termination { throw RunnerError(.environmentSetupFailed, "canceled while building the derived image", at: .path(request.log)) }
        guard outcome.succeeded else {
            // The shape of `PythonEnvironmentStore.runLogged`'s error, so that the failure block puts pip's error first
            // (the command it names is the build container's, its install script in the log above).
            let how = outcome.diagnosis.map { $0.split(separator: "\n").first.map(String.init) ?? $0 }
                ?? outcome.exitCode.map { "exit code \($0)" } ?? outcome.failureText
            let tail = PythonEnvironmentStore.lastLines(of: request.log, count: 15).map { "  | " + $0 }.joined(separator: "\n")
            throw RunnerError(.environmentSetupFailed, "`\(request.executable) run \(request.baseImage)` failed (\(how)); log: \(request.log)\n\(tail)", at: .path(request.log))
        }
        if let failure = committed.failure ?? (committed.done ? nil : "the container was not committed") {
            throw RunnerError(.environmentSetupFailed, "cannot commit the derived image \(tag): \(failure)", at: .path(request.log))
        }
    }

    /// `export NAME='value'` lines (values single-quoted); names that are no shell identifier are left out.
    static func variablesScript(_ variables: [String: String]) -> String {
        variables.sorted { $0.key < $1.key }.compactMap { name, value in
            guard let first = name.first, first == "_" || (first.isASCII && first.isLetter),
                  name.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }) else { return nil }
            return "export \(name)='" + value.replacingOccurrences(of: "'", with: "'\\''") + "'\n"
        }.joined()
    }

    func makeDirectory() throws(RunnerError) {
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw RunnerError(.fileSystem, "cannot create the directory: \(error.localizedDescription)", at: .path(root))
        }
    }
}

/// What the commit hook reports back to the build.
private final class CommitResult: @unchecked Sendable {  // `lock` guards both
    private let lock = NSLock()
    private var value: String??
    func set(_ failure: String?) { lock.withLock { value = .some(failure) } }
    var done: Bool { lock.withLock { value != nil } }
    var failure: String? { lock.withLock { value ?? nil } }
}
