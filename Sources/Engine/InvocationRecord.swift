import Basics
import Foundation
import Glibc
import Runners

/// What one attempt of a container task was launched with, kept as `<taskDir>/invocation.json` so
/// that `tarmac inspect` and `tarmac shell` can show and recreate it after the run.
public struct InvocationRecord: Sendable, Hashable {
    /// The file name inside the task directory.
    public static let fileName = "invocation.json"

    /// The exact argv the process got (placeholders resolved; for Lightweight Python, without the pip step).
    public var argv: [String]
    /// Variables the task got that the run's base environment (the user's) did not have, or had with another value.
    public var environment: [String: String]
    /// The process's working directory (the task directory).
    public var workingDirectory: String
    /// The executor input JSON (`{{$}}`) of the task.
    public var executorInput: JSONValue
    /// The container image the component names (not used by the subprocess runner).
    public var image: String?
    /// The attempt this record describes (0 for the first).
    public var attempt: Int
    /// The attempt's log file.
    public var logFile: String
    /// For a task run in a container: the engine (`podman`, `docker`) and the `run ...` arguments of a
    /// container like the task's (image, mounts, env, working directory, limits) whose entrypoint is
    /// `/bin/sh`, for `tarmac shell`. Secret values are not in it.
    public var containerShell: ContainerShell?

    /// How to open a shell in a container like a task's.
    public struct ContainerShell: Sendable, Hashable {
        /// `podman` or `docker`.
        public var engine: String
        /// The `run ...` arguments (without the client binary).
        public var arguments: [String]
    }

    /// A record; see the properties.
    public init(argv: [String], environment: [String: String], workingDirectory: String, executorInput: JSONValue,
                image: String?, attempt: Int, logFile: String) {
        self.argv = argv
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.executorInput = executorInput
        self.image = image
        self.attempt = attempt
        self.logFile = logFile
    }

    /// What a secret variable's value is recorded as.
    public static let redacted = "<secret: not recorded>"

    /// The record of `spec`, keeping only the variables that differ from `base`; the values of `secrets`
    /// (variables set from kfp-kubernetes secrets and config maps) are never written.
    init(spec: ProcessSpec, base: [String: String], executorInput: JSONValue, image: String?, attempt: Int, secrets: Set<String> = []) {
        var added = spec.environment.filter { base[$0.key] != $0.value }
        for name in secrets where added[name] != nil { added[name] = Self.redacted }
        self.init(argv: spec.argv, environment: added, workingDirectory: spec.workingDirectory, executorInput: executorInput,
                  image: image, attempt: attempt, logFile: spec.logFile)
    }

    /// The record as a JSON object.
    public var json: JSONValue {
        .object([
            "version": 1, "argv": .array(argv.map(JSONValue.string)),
            "environment": .object(environment.mapValues(JSONValue.string)), "working_directory": .string(workingDirectory),
            "executor_input": executorInput, "image": image.map(JSONValue.string) ?? .null,
            "attempt": .number(Double(attempt)), "log_file": .string(logFile),
            "container_shell": containerShell.map { .object(["engine": .string($0.engine), "arguments": .array($0.arguments.map(JSONValue.string))]) }
                ?? .null,
        ])
    }

    /// Reads the record of a task directory; nil when the task never launched a process.
    public static func read(taskDirectory: String) throws -> InvocationRecord? {
        let path = (taskDirectory as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let document = try JSONValue.parse(data)
        let shell = document["container_shell"]?.objectValue
        let shellArguments = shell?["arguments"]?.arrayValue?.compactMap(\.stringValue)
        guard let argv = document["argv"]?.arrayValue?.compactMap(\.stringValue),
              let environment = document["environment"]?.objectValue?.compactMapValues(\.stringValue) else {
            throw RecordError(path: path)
        }
        var record = InvocationRecord(argv: argv, environment: environment,
                                workingDirectory: document["working_directory"]?.stringValue ?? taskDirectory,
                                executorInput: document["executor_input"] ?? .null, image: document["image"]?.stringValue,
                                attempt: Int(document["attempt"]?.numberValue ?? 0), logFile: document["log_file"]?.stringValue ?? "")
        if let engine = shell?["engine"]?.stringValue, let shellArguments {
            record.containerShell = ContainerShell(engine: engine, arguments: shellArguments)
        }
        return record
    }

    /// Writes the record into its task directory, never through a link a task planted. The first attempt's
    /// record is a new file written in one call; a retry's replaces the previous one by renaming a new file
    /// into place, so a reader sees one or the other. Not synced: it describes a process that a crash ends
    /// too (Foundation's atomic write syncs, which costs more than spawning a trivial task). Best effort: a
    /// task runs even when its record cannot be written.
    func write() {
        let path = (workingDirectory as NSString).appendingPathComponent(Self.fileName)
        let target = attempt == 0 ? path : path + ".new"
        if attempt > 0 { unlink(target) }
        let fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        let bytes = Array(json.canonicalJSON.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        if written != bytes.count { unlink(target) } else if target != path, rename(target, path) != 0 { unlink(target) }
    }

    /// An `invocation.json` that is not what Tarmac writes.
    public struct RecordError: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "\(path) is not a Tarmac invocation record" }
    }
}
