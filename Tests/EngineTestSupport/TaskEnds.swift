import Basics
import Engine
import Foundation

/// The run's events as a fake task sees them: which task instances the scheduler has announced final. A script's
/// ``FakeScript/endsAfter`` waits here, so "A ends after B's end was applied" needs no sleep.
public final class TaskEnds: RunEventSink, @unchecked Sendable {  // `ended` is guarded by `condition`
    private let condition = NSCondition()
    private var ended: [String: TaskState] = [:]

    public init() {}

    public func taskUpdated(_ update: TaskUpdate) {
        guard update.state.isFinal else { return }
        condition.withLock { ended[update.name] = update.state; condition.broadcast() }
    }

    public func taskOutputLine(_ line: String) {}
    public func warning(_ message: String) {}
    public func loopProgressed(name: String, finished: Int, total: Int) {}

    /// Waits until the task at `address` was announced final; false after `patience` seconds without it.
    public func waitForEnd(of address: String, patience: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(patience)
        return condition.withLock {
            while ended[address] == nil { if !condition.wait(until: deadline) { return false } }
            return true
        }
    }
}
