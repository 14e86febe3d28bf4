import Basics
import Foundation
import RunDatabase

/// A task's row as the recorder queues it: the record with the slot's values at that moment, except its JSON
/// columns (inputs, outputs, logs, cache description, attempts), which are made from the values kept here on the
/// recorder's writer thread, and only when no later state of the same task in its batch replaces the row. Made on
/// the scheduler queue, that JSON was 3.3 % of a cached 10,000-task rerun's CPU, on the queue every task waits for (`perf`).
struct TaskRow: Sendable {
    /// The row, its JSON columns not yet filled in.
    let partial: TaskRecord
    let inputs: [String: JSONValue]
    /// The output parameters, once it produced them.
    let outputs: [String: JSONValue]?
    let logs: [String]
    let cacheDescription: JSONValue?
    let attemptTimes: [AttemptTime]

    /// The slot of run `runID` as it is now (call on the scheduler queue; the copies are values).
    init(_ slot: TaskSlot, runID: String) {
        partial = TaskRecord(runID: runID, name: slot.name, displayName: slot.spec.displayName, state: slot.state,
                             componentName: slot.spec.componentRef, exitCode: slot.exitCode, attempts: slot.attempts,
                             started: slot.started, finished: slot.finished, error: slot.error,
                             cacheKey: slot.cache?.key?.key, cacheStatus: slot.cache?.status, queued: slot.queued)
        inputs = slot.inputs
        if case .leaf(let parameters, _) = slot.result { outputs = parameters } else { outputs = nil }
        logs = slot.logs
        cacheDescription = slot.cache?.key?.description
        attemptTimes = slot.attemptTimes
    }

    /// The whole row.
    var record: TaskRecord {
        var record = partial
        record.inputsJSON = JSONValue.object(inputs).canonicalJSON
        record.outputsJSON = outputs.map { JSONValue.object($0).canonicalJSON }
        record.logsJSON = JSONValue.array(logs.map { .string($0) }).canonicalJSON
        record.cacheDescriptionJSON = cacheDescription?.canonicalJSON
        record.attemptsJSON = AttemptTime.storeJSON(attemptTimes)
        return record
    }
}
