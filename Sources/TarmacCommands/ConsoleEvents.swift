import Engine
import Foundation

/// Progress as plain timestamped lines on stderr, one per state change; task output prefixed by the
/// task name. (The live terminal view is a later addition.)
final class ConsoleEvents: RunEventSink, @unchecked Sendable {  // `lock` guards the writes
    private let lock = NSLock()
    private let quiet: Bool
    private let formatter: DateFormatter
    /// The capture in force where the run started: events arrive on other queues, where the task-local is unbound.
    private let capture: Console.Capture?

    init(quiet: Bool) {
        self.quiet = quiet
        self.capture = Console.capture
        formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
    }

    func taskStateChanged(name: String, state: TaskState, detail: String?) {
        guard !quiet || state == .failed else { return }
        var line = "\(formatter.string(from: Date())) \(state.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(name)"
        if let detail, state != .succeeded { line += ": \(detail)" }
        emit(line)
    }

    func taskOutputLine(_ line: String) {
        if !quiet { emit(line) }
    }

    func warning(_ message: String) {
        emit("tarmac: warning: \(message)")
    }

    private func emit(_ line: String) {
        lock.withLock { Console.$capture.withValue(capture) { Console.error(line) } }
    }
}
