import Basics
import Foundation
import Planner
import RunDatabase

/// A task's row as the recorder queues it: the slot's values at that moment, turned into a `TaskRecord` (canonical
/// JSON of its inputs, outputs, logs and cache description) on the recorder's writer thread, and only when no later
/// state of the same task in its batch replaces it. Made on the scheduler queue, that JSON was 3.3 % of a cached
/// 10,000-task rerun's CPU, on the queue every task waits for (`perf`).
struct TaskRow: Sendable {
    let name: String
    let displayName: String
    let componentName: String
    let state: TaskState
    let exitCode: Int32?
    let attempts: Int
    let queued: Date?
    let started: Date?
    let finished: Date?
    let inputs: [String: JSONValue]
    /// The output parameters, once it produced them.
    let outputs: [String: JSONValue]?
    let error: String?
    let logs: [String]
    let cache: CacheOutcome?
    let attemptTimes: [AttemptTime]

    /// The slot as it is now (call on the scheduler queue; the copies are values).
    init(_ slot: TaskSlot) {
        name = slot.name
        displayName = slot.spec.displayName
        componentName = slot.spec.componentRef
        state = slot.state
        exitCode = slot.exitCode
        attempts = slot.attempts
        queued = slot.queued
        started = slot.started
        finished = slot.finished
        inputs = slot.inputs
        if case .leaf(let parameters, _) = slot.result { outputs = parameters } else { outputs = nil }
        error = slot.error
        logs = slot.logs
        cache = slot.cache
        attemptTimes = slot.attemptTimes
    }

    /// The row of run `runID`.
    func record(runID: String) -> TaskRecord {
        TaskRecord(runID: runID, name: name, displayName: displayName, state: state, componentName: componentName,
                   exitCode: exitCode, attempts: attempts, started: started, finished: finished,
                   inputsJSON: JSONValue.object(inputs).canonicalJSON, outputsJSON: outputs.map { JSONValue.object($0).canonicalJSON },
                   error: error, logsJSON: JSONValue.array(logs.map { .string($0) }).canonicalJSON,
                   cacheKey: cache?.key?.key, cacheStatus: cache?.status,
                   cacheDescriptionJSON: cache?.key?.description.canonicalJSON,
                   queued: queued, attemptsJSON: AttemptTime.storeJSON(attemptTimes))
    }
}
