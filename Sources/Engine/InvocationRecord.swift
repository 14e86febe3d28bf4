import Basics
import Foundation
import Glibc
import Runners

/// What one attempt of a container task was launched with, kept in the run database (table
/// `task_invocations`) so that `tarmac inspect` and `tarmac shell` can show and recreate it after the run.
public struct InvocationRecord: Sendable, Hashable {
    /// Where runs recorded before store schema 4 kept the record: this file in the task directory.
    public static let legacyFileName = "invocation.json"

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

    /// Parses a record as ``json`` writes it; `source` names where it came from in the error.
    public static func parse(_ text: String, source: String) throws -> InvocationRecord {
        guard let document = try? JSONValue.parse(Data(text.utf8)) else { throw RecordError(path: source) }
        let shell = document["container_shell"]?.objectValue
        let shellArguments = shell?["arguments"]?.arrayValue?.compactMap(\.stringValue)
        guard let argv = document["argv"]?.arrayValue?.compactMap(\.stringValue),
              let environment = document["environment"]?.objectValue?.compactMapValues(\.stringValue),
              let workingDirectory = document["working_directory"]?.stringValue else {
            throw RecordError(path: source)
        }
        var record = InvocationRecord(argv: argv, environment: environment, workingDirectory: workingDirectory,
                                      executorInput: document["executor_input"] ?? .null, image: document["image"]?.stringValue,
                                      attempt: Int(document["attempt"]?.numberValue ?? 0), logFile: document["log_file"]?.stringValue ?? "")
        if let engine = shell?["engine"]?.stringValue, let shellArguments {
            record.containerShell = ContainerShell(engine: engine, arguments: shellArguments)
        }
        return record
    }

    /// The record a run recorded before store schema 4 left in its task directory (`invocation.json`); nil when there is none.
    public static func readLegacyFile(taskDirectory: String) throws -> InvocationRecord? {
        let path = (taskDirectory as NSString).appendingPathComponent(legacyFileName)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try parse(String(decoding: data, as: UTF8.self), source: path)
    }

    /// An `invocation.json` that is not what Tarmac writes.
    public struct RecordError: Error, CustomStringConvertible {  // `path`: the file, or the database row
        public let path: String
        public var description: String { "\(path) is not a Tarmac invocation record" }
    }
}
