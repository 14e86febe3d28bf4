import Basics
import RunDatabase

/// Two to ten recorded runs side by side: ``RunDiff``'s facets (parameters, metrics, task states and outputs)
/// as rows with one value per run, each row marked when the runs disagree; plus task durations.
public struct RunComparison: Sendable {
    /// One compared key and its value in each run (nil where absent).
    public struct Row: Sendable, Hashable {
        /// A parameter name, `task.output.metric`, or a task instance name.
        public let key: String
        /// The value in each run, in the runs' order.
        public let values: [String?]
        /// Whether the runs disagree (absent counts as a value).
        public var differs: Bool { Set(values.map { $0 ?? "\u{0}absent" }).count > 1 }

        /// Makes a row.
        public init(key: String, values: [String?]) {
            self.key = key
            self.values = values
        }
    }

    /// The compared runs, in the order given.
    public let runs: [RecordedRun]
    /// Every parameter of any run.
    public let parameters: [Row]
    /// Every metric of any run's `system.Metrics` artifacts.
    public let metrics: [Row]
    /// Every task instance's state.
    public let taskStates: [Row]
    /// Every task instance's duration as `HTMLFormat.duration` text, nil when it did not run to an end.
    public let taskDurations: [Row]
    /// Tasks whose outputs (parameters, artifact digests and metadata) differ; equal ones are left out.
    public let taskOutputs: [Row]

    /// Compares `runs`.
    public init(_ runs: [RecordedRun]) {
        self.runs = runs
        let facets = runs.map(RunDiff.Facets.init)
        parameters = Self.rows(facets.map(\.parameters))
        metrics = Self.rows(facets.map(\.metrics))
        taskStates = Self.rows(facets.map(\.taskStates))
        taskOutputs = Self.rows(facets.map(\.taskOutputs)).filter(\.differs)
        taskDurations = Self.rows(runs.map { run in
            Dictionary(run.tasks.compactMap { task in
                RecordedRun.duration(task.started, task.finished).map { (task.name, HTMLFormat.duration($0)) }
            }, uniquingKeysWith: { a, _ in a })
        })
    }

    /// One row per key of any column, sorted by key.
    static func rows(_ columns: [[String: String]]) -> [Row] {
        Set(columns.flatMap(\.keys)).sorted().map { key in Row(key: key, values: columns.map { $0[key] }) }
    }
}
