import Basics
import RunDatabase

/// What differs between two recorded runs: parameters, metrics, and tasks whose state or outputs changed.
public struct RunDiff: Sendable {
    /// A value present in either run (nil where absent).
    public struct Change: Sendable, Hashable {
        /// A parameter name, `task.output.metric`, or a task instance name.
        public let key: String
        /// The value in the first run.
        public let before: String?
        /// The value in the second run.
        public let after: String?

        /// Makes a change record.
        public init(key: String, before: String?, after: String?) {
            self.key = key
            self.before = before
            self.after = after
        }
    }

    /// Run parameters that differ.
    public let parameters: [Change]
    /// Metrics (of `system.Metrics` artifacts) that differ.
    public let metrics: [Change]
    /// Task state changes (`SUCCEEDED → CACHED`), tasks present in only one run included.
    public let taskStates: [Change]
    /// Tasks whose output parameters or artifact digests/metadata differ.
    public let taskOutputs: [Change]

    /// Compares `before` with `after`.
    public init(_ before: RecordedRun, _ after: RecordedRun) {
        let old = Facets(before), new = Facets(after)
        parameters = Self.changes(old.parameters, new.parameters)
        metrics = Self.changes(old.metrics, new.metrics)
        taskStates = Self.changes(old.taskStates, new.taskStates)
        taskOutputs = Self.changes(old.taskOutputs, new.taskOutputs)
    }

    /// What is compared of one run, each as `key → comparable text` (also ``RunComparison``'s columns).
    public struct Facets: Sendable {
        /// Run parameters, as canonical JSON.
        public let parameters: [String: String]
        /// Metrics of `system.Metrics` artifacts, keyed `task.output.metric`.
        public let metrics: [String: String]
        /// Each task instance's state.
        public let taskStates: [String: String]
        /// Each task's output parameters plus its artifacts' digests and metadata.
        public let taskOutputs: [String: String]

        /// The facets of `run`.
        public init(_ run: RecordedRun) {
            parameters = run.parameters.mapValues(\.canonicalJSON)
            metrics = run.metrics.mapValues(\.textForm)
            taskStates = Dictionary(run.tasks.map { ($0.name, $0.state.rawValue) }, uniquingKeysWith: { a, _ in a })
            taskOutputs = RunDiff.outputs(run)
        }
    }

    /// Whether the runs agree on everything compared.
    public var isEmpty: Bool { parameters.isEmpty && metrics.isEmpty && taskStates.isEmpty && taskOutputs.isEmpty }

    /// Each task's output parameters plus its artifacts' metadata, as one comparable text.
    static func outputs(_ run: RecordedRun) -> [String: String] {
        var result: [String: String] = [:]
        for task in run.tasks {
            let artifacts = run.artifacts.filter { $0.producerTask == task.name }.sorted { $0.outputKey < $1.outputKey }
                .map { "\($0.outputKey)=\($0.digest ?? "")\($0.metadataJSON)" }
            let text = (task.outputsJSON ?? "{}") + (artifacts.isEmpty ? "" : " " + artifacts.joined(separator: " "))
            if text != "{}" { result[task.name] = text }
        }
        return result
    }

    /// Keys whose values differ, sorted.
    static func changes(_ before: [String: String], _ after: [String: String]) -> [Change] {
        Set(before.keys).union(after.keys).sorted().compactMap { key in
            before[key] == after[key] ? nil : Change(key: key, before: before[key], after: after[key])
        }
    }

    /// The text `tarmac runs diff` prints.
    public func render(_ before: RunRecord, _ after: RunRecord) -> String {
        var out = "--- \(before.id) (\(before.pipelineName), \(before.state))\n+++ \(after.id) (\(after.pipelineName), \(after.state))\n"
        if isEmpty { return out + "no differences in parameters, metrics or tasks\n" }
        for (title, list) in [("parameters", parameters), ("metrics", metrics), ("task states", taskStates), ("task outputs", taskOutputs)]
        where !list.isEmpty {
            out += "\(title):\n"
            for change in list {
                out += "  \(change.key): \(change.before ?? "(absent)") → \(change.after ?? "(absent)")\n"
            }
        }
        return out
    }
}
