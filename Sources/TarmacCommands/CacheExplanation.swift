import Basics
import Planner
import RunDatabase

/// Says why a task ran instead of coming from the cache (ninja's `-d explain`): the parts of its key
/// that changed since the previous execution of the same task of the same pipeline.
enum CacheExplanation {
    /// Why one task ran or came from the cache: the verdict, the reasons of a miss, and for a hit
    /// the cache entry it reused (text and `explain --json` both render from this).
    struct Verdict {
        /// The task the verdict is about.
        let task: String
        /// "CACHED (outputs of …)", "ran (cache miss)", "ran: caching is disabled …", …
        let verdict: String
        /// What changed since the previous execution (cache misses only).
        let reasons: [String]
        /// The entry a cache hit took its outputs from, if it is still in the store.
        let entry: CacheEntry?

        /// A first line with the verdict, then one indented line per reason.
        var lines: [String] { ["\(task): \(verdict)"] + reasons.map { "  - " + $0 } }
    }

    /// One block per task of `run` that has a cache status, in name order (`run --explain`).
    static func explain(run: RunRecord, store: RunStore) throws -> String {
        let tasks = try store.tasks(runID: run.id).filter { $0.cacheStatus != nil }.sorted { $0.name < $1.name }
        return try tasks.map { try explain(task: $0, run: run, store: store).lines.joined(separator: "\n") }.joined(separator: "\n")
    }

    /// The explanation of one task, with the cache entry looked up once.
    static func explain(task: TaskRecord, run: RunRecord, store: RunStore) throws -> Verdict {
        func verdict(_ text: String, reasons: [String] = [], entry: CacheEntry? = nil) -> Verdict {
            Verdict(task: task.name, verdict: text, reasons: reasons, entry: entry)
        }
        switch task.cacheStatus {
        case .hit?:
            let entry = try task.cacheKey.flatMap { try store.cacheEntry(pipeline: run.pipelineName, key: $0) }
            return verdict(TaskState.cached.rawValue + (entry.map { " (outputs of \($0.taskName) in run \($0.runID.prefix(8)))" } ?? ""), entry: entry)
        case .disabled?:
            return verdict("ran: caching is disabled for this task (enableCache is false: set_caching_options(False), "
                           + "or compiled with KFP_DISABLE_EXECUTION_CACHING_BY_DEFAULT)")
        case .off?:
            return verdict("ran: the run did not use the cache (--no-cache or --cache-mode off)")
        case .forced?:
            return verdict("ran: forced by --from or --only (no lookup)")
        case .reused?:
            return verdict("CACHED: --only reused the outputs of its latest earlier execution")
        case .writeOnly?:
            return verdict("ran: --cache-mode write never looks up")
        case .miss?:
            return verdict("ran (cache miss)", reasons: try missReasons(task: task, run: run, store: store))
        case nil:
            switch task.state {
            case .running, .pending:
                return verdict("still \(task.state == .running ? "running" : "waiting to run"): "
                               + "whether it came from the cache is recorded when it ends")
            default:
                return verdict("not a cached kind of task (\(task.state))")
            }
        }
    }

    private static func missReasons(task: TaskRecord, run: RunRecord, store: RunStore) throws -> [String] {
        try missReasons(name: task.name, description: task.cacheDescriptionJSON.flatMap { try? JSONValue.parse($0) }, run: run, store: store)
    }

    /// Why an execution of task `name` whose key hashes `description` missed: what changed since the
    /// previous execution of that task with a key, before `run` (also used by `plan --cache`).
    static func missReasons(name: String, description: JSONValue?, run: RunRecord, store: RunStore) throws -> [String] {
        guard let previous = try store.previousKeyedExecution(of: name, pipeline: run.pipelineName, before: run) else {
            return ["no earlier execution of this task with a cache key in this store"]
        }
        let when = "run \(previous.runID.prefix(8))"
        guard let old = previous.cacheDescriptionJSON.flatMap({ try? JSONValue.parse($0) }), let description else {
            return ["its key differs from \(when)"]
        }
        if old == description {
            if previous.state == .failed || previous.state == .canceled {
                return ["same key as in \(when), whose execution \(previous.state == .failed ? "failed" : "was canceled") (only successes are cached)"]
            }
            return ["same key as in \(when), but no usable entry: it was not written (--cache-mode read), "
                    + "pruned or cleared, or its objects were missing or damaged (this run repaired it)"]
        }
        let changes = CacheKeyDiff.changes(from: old, to: description)
        return changes.isEmpty ? ["its key differs from \(when)"] : changes.map { "since \(when): " + $0 }
    }
}
