import Basics
import Foundation
import Engine
import RunDatabase

/// `tarmac logs --follow`: prints what the selected tasks' logs hold, then what they add, until the run
/// (or the one task asked for) has ended. Polls the store and the files five times a second.
struct LogFollower {
    let store: RunStore
    let run: RunRecord
    /// One task instance, or nil for every task (lines are then prefixed `task | `).
    let task: String?
    let printer: LogPrinter
    var interval: TimeInterval = 0.2

    /// How far each log file has been printed, its unfinished last line, and the tasks whose logs are
    /// complete (read after the store said they had finished).
    private final class Progress {
        var offsets: [String: Int] = [:]
        var partial: [String: String] = [:]
        var drained: Set<String> = []
    }

    func follow() throws {
        let progress = Progress()
        while true {
            let current = try store.run(id: run.id)
            let tasks = try store.tasks(runID: run.id).filter { task == nil || $0.name == task }
            let ended = hasEnded(current, tasks: tasks)
            for record in tasks where !progress.drained.contains(record.name) {
                let logs = LogFiles.paths(of: record, run: current)
                for (attempt, path) in logs.enumerated() { read(path, task: record.name, attempt: attempt, progress: progress) }
                guard ended || record.state.isFinal else { continue }
                progress.drained.insert(record.name)  // its logs are complete: print a last line without a newline
                for (attempt, path) in logs.enumerated() {
                    if let rest = progress.partial[path], !rest.isEmpty {
                        printer.printLines([rest], task: record.name, attempt: attempt, path: path, prefixed: task == nil)
                    }
                }
            }
            if ended { return }
            Thread.sleep(forTimeInterval: interval)
        }
    }

    /// The run is over (or its tarmac process is gone), or the one task followed has finished.
    private func hasEnded(_ run: RunRecord, tasks: [TaskRecord]) -> Bool {
        guard run.state == .running else { return true }
        if run.pid != getpid(), !RunLock.isAlive(databasePath: store.path, runID: run.id, pid: run.pid) { return true }
        if task != nil, let record = tasks.first { return record.state.isFinal }
        return false
    }

    /// Prints the complete lines `path` gained since the last call (on first sight, only the last
    /// `--tail` lines of what it holds).
    private func read(_ path: String, task name: String, attempt: Int, progress: Progress) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        let firstSight = progress.offsets[path] == nil
        let offset = progress.offsets[path] ?? 0
        guard (try? handle.seek(toOffset: UInt64(offset))) != nil, let data = try? handle.readToEnd(), !data.isEmpty else {
            progress.offsets[path] = offset
            return
        }
        progress.offsets[path] = offset + data.count
        let text = (progress.partial[path] ?? "") + String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        progress.partial[path] = lines.removeLast()  // "" when the text ended with a newline
        if firstSight, let tail = printer.tail { lines = Array(lines.suffix(tail)) }
        printer.printLines(lines, task: name, attempt: attempt, path: path, prefixed: task == nil)
    }
}
