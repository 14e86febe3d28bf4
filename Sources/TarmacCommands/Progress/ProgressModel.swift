import Engine
import Foundation

/// What the live view knows about a run: one row per task instance in the order they started, with
/// every task inside a loop iteration (`for-loop-2[3]/add`) folded into its loop's row
/// (`for-loop-2 [7/20]`). Pure state: `ProgressRenderer` turns it into lines.
struct ProgressModel: Sendable, Hashable {
    /// One line of the view.
    struct Row: Sendable, Hashable {
        /// A task path, or for a folded loop the loop task's path.
        let name: String
        /// The task's own state (a folded loop: the loop task's state).
        var state: TaskState
        /// Task, group or loop.
        var kind: TaskUpdate.Kind
        /// When it started and ended (the duration shown); nil for a task that never started.
        var started: Date?
        /// When it reached its end.
        var finished: Date?
        /// The exit status of its process, when one ran.
        var exitCode: Int32?
        /// Attempts made (shown when above one).
        var attempts = 0
        /// Finished and total iterations, for a loop.
        var iterations: LoopCount?
        /// Tasks inside the loop's iterations that are running now, and that failed.
        var runningInside: Set<String> = []
        var failedInside = 0

        /// The label shown: the name, with `[finished/total]` for a loop.
        var label: String { iterations.map { "\(name) [\($0.finished)/\($0.total)]" } ?? name }
    }

    /// Iterations of a loop: how many ended, of how many.
    struct LoopCount: Sendable, Hashable {
        var finished: Int
        var total: Int
    }

    private(set) var rows: [Row] = []
    private var index: [String: Int] = [:]

    /// The row a task instance belongs to: the outermost loop for anything inside an iteration.
    static func rowName(of task: String) -> String {
        guard let bracket = task.firstIndex(of: "[") else { return task }
        return String(task[..<bracket])
    }

    /// Applies a task's state change; `now` stands in for times the update lacks.
    mutating func apply(_ update: TaskUpdate, now: Date) {
        let name = Self.rowName(of: update.name)
        if name != update.name {
            var row = self[name] ?? Row(name: name, state: .running, kind: .loop, started: now)
            if update.state == .running { row.runningInside.insert(update.name) } else { row.runningInside.remove(update.name) }
            if update.state == .failed, update.kind == .task { row.failedInside += 1 }
            self[name] = row
            return
        }
        var row = self[name] ?? Row(name: name, state: update.state, kind: update.kind)
        row.state = update.state
        row.kind = update.kind
        row.started = update.started ?? row.started ?? (update.state == .running ? now : nil)
        row.finished = update.state.isFinal && row.started != nil ? (update.finished ?? now) : nil
        row.exitCode = update.exitCode
        row.attempts = update.attempts
        self[name] = row
    }

    /// Applies a loop's iteration count (only the outermost loop of a row is shown).
    mutating func applyLoop(name: String, finished: Int, total: Int, now: Date) {
        guard Self.rowName(of: name) == name else { return }
        var row = self[name] ?? Row(name: name, state: .running, kind: .loop, started: now)
        row.iterations = LoopCount(finished: finished, total: total)
        self[name] = row
    }

    /// Whether anything is still running (the spinner turns).
    var isRunning: Bool { rows.contains { !$0.state.isFinal } }

    private subscript(name: String) -> Row? {
        get { index[name].map { rows[$0] } }
        set {
            guard let newValue else { return }
            if let position = index[name] {
                rows[position] = newValue
            } else {
                index[name] = rows.count
                rows.append(newValue)
            }
        }
    }
}
