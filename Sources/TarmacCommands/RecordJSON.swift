import Basics
import Foundation
import RunDatabase

/// The `--json` documents of the commands that read the store. Each document is one JSON object with
/// `schema_version` (bumped when a field changes meaning or goes away; new fields may appear without it).
/// The schemas are documented in docs/json-schemas.md and pinned by golden tests.
enum RecordJSON {
    /// The version of every schema in docs/json-schemas.md.
    static let schemaVersion = 1

    /// `object` with `schema_version` added, indented for people (keys sorted).
    static func document(_ members: [String: JSONValue]) -> String {
        var members = members
        members["schema_version"] = .number(Double(schemaVersion))
        return PrettyJSON.render(.object(members))
    }

    /// The two ISO 8601 formatters, made once (a formatter is costly to make) and used under a lock (commands
    /// run concurrently in-process in the tests, and a formatter is not safe to share unlocked).
    private final class Formatters: @unchecked Sendable {  // the formatters are only used with `lock` held
        private let lock = NSLock()
        /// UTC to the second.
        private let wholeSeconds = ISO8601DateFormatter()
        /// UTC with milliseconds (the times of attempts).
        private let milliseconds: ISO8601DateFormatter = {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter
        }()

        func string(from date: Date, precise: Bool) -> String {
            lock.withLock { (precise ? milliseconds : wholeSeconds).string(from: date) }
        }
    }
    private static let formatters = Formatters()

    /// ISO 8601 UTC (with milliseconds when `precise`), or null.
    static func date(_ value: Date?, precise: Bool = false) -> JSONValue {
        value.map { .string(formatters.string(from: $0, precise: precise)) } ?? .null
    }

    /// Seconds between two times (milliseconds kept), or null when either is missing.
    static func seconds(_ started: Date?, _ finished: Date?) -> JSONValue {
        guard let started, let finished else { return .null }
        return seconds(finished.timeIntervalSince(started))
    }

    /// A duration in seconds (milliseconds kept), or null.
    static func seconds(_ value: Double?) -> JSONValue {
        value.map { .number(($0 * 1000).rounded() / 1000) } ?? .null
    }

    /// The parsed JSON text stored in a column, or null (also when it does not parse).
    static func parsed(_ text: String?) -> JSONValue {
        text.flatMap { try? JSONValue.parse($0) } ?? .null
    }

    static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// One run as `runs list` and `runs show` describe it.
    static func run(_ run: RunRecord) -> JSONValue {
        .object([
            "id": .string(run.id), "pipeline": .string(run.pipelineName), "pipeline_file": .string(run.pipelineFile),
            "state": .string(run.state.rawValue), "started": date(run.started), "finished": date(run.finished),
            "duration_seconds": seconds(run.started, run.finished), "experiment": optional(run.experiment),
        ])
    }

    /// One task instance as `runs show` describes it.
    static func task(_ task: TaskRecord) -> JSONValue {
        .object([
            "name": .string(task.name), "display_name": .string(task.displayName), "state": .string(task.state.rawValue),
            "component": .string(task.componentName),
            "exit_code": task.exitCode.map { .number(Double($0)) } ?? .null, "attempts": .number(Double(task.attempts)),
            "started": date(task.started), "finished": date(task.finished), "duration_seconds": seconds(task.started, task.finished),
            "outputs": parsed(task.outputsJSON), "error": optional(task.error), "cache": optional(task.cacheStatus?.rawValue),
        ])
    }

    /// One artifact as `runs show` describes it.
    static func artifact(_ artifact: ArtifactRecord) -> JSONValue {
        .object([
            "id": .string(artifact.id), "task": .string(artifact.producerTask), "output": .string(artifact.outputKey),
            "type": .string(artifact.schemaTitle), "uri": .string(artifact.uri),
            "metadata": parsed(artifact.metadataJSON), "digest": optional(artifact.digest),
        ])
    }
}
