import Foundation
import Reporting
import RunDatabase

/// What the Run page's script needs to repaint states: the run's state and, per task, its state, the box's
/// second line and colours (the same as ``DagSVG`` draws).
struct RunSnapshot: Encodable {
    /// One task's look.
    struct Task: Encodable {
        let name: String
        let state: String
        let detail: String
        let fill: String
        let stroke: String
    }

    /// The run's state.
    let state: String
    /// Every task instance recorded so far.
    let tasks: [Task]

    /// The snapshot of `run` and its `tasks`.
    init(run: RunRecord, tasks: [TaskRecord]) {
        state = run.state.rawValue
        self.tasks = tasks.map { task in
            var detail = task.state.rawValue
            if let seconds = RecordedRun.duration(task.started, task.finished) { detail += " · " + HTMLFormat.duration(seconds) }
            if task.isCached { detail = "⚡ " + detail }
            let (fill, stroke) = DagSVG.colours(task.state)
            return Task(name: task.name, state: task.state.rawValue, detail: detail, fill: fill, stroke: stroke)
        }
    }

    /// The snapshot as one line of JSON (keys sorted, so equal snapshots are equal text).
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
