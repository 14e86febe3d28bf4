import Basics
import Engine
import Foundation
import Planner

/// What the live view knows about a run: one row per task instance, with every task inside a loop
/// iteration (`for-loop-2[3]/add`) folded into its loop's row (`for item in [1, 2] [7/20]`), and the
/// leaf tasks counted for the totals line. Pure state: `ProgressRenderer` turns it into lines.
struct ProgressModel: Sendable {
    /// One line of the view.
    struct Row: Sendable, Hashable {
        /// A task path, or for a folded loop the loop task's path.
        let name: String
        /// What people read: the display path (or the key path with `--show-keys`).
        let title: String
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

        /// The label shown: the title, with `[finished/total]` for a loop.
        var label: String { iterations.map { "\(title) [\($0.finished)/\($0.total)]" } ?? title }
    }

    /// Iterations of a loop: how many ended, of how many.
    struct LoopCount: Sendable, Hashable {
        var finished: Int
        var total: Int
    }

    /// The leaf tasks of the run, for the totals line.
    struct Totals: Sendable, Hashable {
        var done = 0, running = 0, failed = 0, expected = 0

        /// Counts (`sign` 1) or uncounts (-1) a leaf in `state`.
        mutating func count(_ state: TaskState, _ sign: Int) {
            if state.isFinal { done += sign }
            if state == .running { running += sign }
            if state == .failed { failed += sign }
        }
    }

    /// Leaf tasks done, running and failed, of how many the run is expected to have; kept up to date by
    /// every update (a frame only reads it: the census walk costs milliseconds for a loop of thousands).
    private(set) var totals = Totals()
    /// What the census expects, as of the last change of a group's state or a loop's size.
    private var censusExpected = 0

    private(set) var rows: [Row] = []
    private var index: [String: Int] = [:]
    /// How rows are titled.
    let names: DisplayNames?
    /// The pipeline's shape, for the expected number of tasks (nil: the tasks seen so far).
    let census: TaskCensus?
    /// When the first update arrived (the elapsed time in the totals line).
    private(set) var begun: Date?
    private var leaves: [String: TaskState] = [:]
    private var groups: [String: TaskState] = [:]
    private var loopSizes: [String: Int] = [:]
    private var leavesInside: [String: Int] = [:]

    /// A model titling rows with `names` (nil: path keys) and counting against `census`.
    init(names: DisplayNames? = nil, census: TaskCensus? = nil) {
        self.names = names
        self.census = census
        recountCensus()
    }

    /// The row a task instance belongs to: the outermost loop for anything inside an iteration.
    static func rowName(of task: String) -> String {
        guard let bracket = task.firstIndex(of: "[") else { return task }
        return String(task[..<bracket])
    }

    /// Applies a task's state change; `now` stands in for times the update lacks.
    mutating func apply(_ update: TaskUpdate, now: Date) {
        begun = begun ?? now
        count(update)
        totals.expected = max(leaves.count, censusExpected)
        let name = Self.rowName(of: update.name)
        if name != update.name {
            var row = self[name] ?? makeRow(name, state: .running, kind: .loop, started: now)
            if update.state == .running { row.runningInside.insert(update.name) } else { row.runningInside.remove(update.name) }
            if update.state == .failed, update.kind == .task { row.failedInside += 1 }
            self[name] = row
            return
        }
        var row = self[name] ?? makeRow(name, state: update.state, kind: update.kind, started: nil)
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
        begun = begun ?? now
        if loopSizes.updateValue(total, forKey: name) != total { recountCensus() }
        guard Self.rowName(of: name) == name else { return }
        var row = self[name] ?? makeRow(name, state: .running, kind: .loop, started: now)
        row.iterations = LoopCount(finished: finished, total: total)
        self[name] = row
    }

    /// Whether anything is still running (the spinner turns).
    var isRunning: Bool { rows.contains { !$0.state.isFinal } }

    private mutating func count(_ update: TaskUpdate) {
        guard update.kind == .task else {
            if groups.updateValue(update.state, forKey: update.name) != update.state { recountCensus() }
            return
        }
        if let old = leaves.updateValue(update.state, forKey: update.name) {
            totals.count(old, -1)
        } else {
            for prefix in Self.enclosingInstances(of: update.name) { leavesInside[prefix, default: 0] += 1 }
        }
        totals.count(update.state, 1)
    }

    /// Walks the census again (a group's state or a loop's size changed: what it expects may have).
    private mutating func recountCensus() {
        let (groups, loopSizes, leavesInside) = (groups, loopSizes, leavesInside)
        let observed = TaskCensus.Observed(state: { groups[$0] }, loopSize: { loopSizes[$0] },
                                           leavesInside: { leavesInside[$0, default: 0] })
        censusExpected = census?.expected(observed) ?? 0
        totals.expected = max(leaves.count, censusExpected)
    }

    /// `a/b[2]/c` → `a`, `a/b`, `a/b[2]`: the group and loop instances a task is inside.
    static func enclosingInstances(of path: String) -> [String] {
        var result: [String] = []
        var current = ""
        for character in path {
            if character == "/" || character == "[" { result.append(current) }
            current.append(character)
        }
        return result
    }

    private func makeRow(_ name: String, state: TaskState, kind: TaskUpdate.Kind, started: Date?) -> Row {
        Row(name: name, title: names?.path(of: name) ?? name, state: state, kind: kind, started: started)
    }

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
