import Basics
import Foundation
import PipelineIR
import Planner
import RunDatabase

/// Writes task and artifact records to the run database and tells the event sink. Called on the
/// scheduler queue, so its writes are ordered; only ``invocationStarted(_:record:)`` comes from workers
/// (its rows depend on no other row of the run).
///
/// Writes are group-committed: each call queues its change, and a writer thread commits everything
/// queued in the ``commitInterval`` after the first change in one transaction (in order; a task's
/// superseded states within one batch are dropped). One commit costs far more than one row, so a chain
/// of 10,000 short tasks makes hundreds of commits instead of tens of thousands, and the scheduler never
/// waits for the disk. ``flush()`` stores everything queued so far at once. A `kill -9` loses at most the
/// last interval's records: those tasks count as unfinished, and the next run takes them from the cache or
/// runs them again.
final class RunRecorder: @unchecked Sendable {  // `pending` and `commitScheduled` are guarded by `lock`
    let store: RunStore
    let runID: String
    let sink: RunEventSink
    /// Where its changes go.
    let destination: Destination
    /// Database problems are reported once and do not stop the run (touched only on `writer`).
    private var reportedFailure = false
    private let writer = DispatchQueue(label: "tarmac.recorder")
    private let lock = NSLock()
    private var pending: [Pending] = []
    private var commitScheduled = false
    /// How long the writer collects changes before it commits them.
    static let commitInterval: DispatchTimeInterval = .milliseconds(20)

    /// The run store, or nowhere: a dry run's recorder writes nothing (it still tells the sink).
    enum Destination: Sendable {
        case store, nowhere
    }

    init(store: RunStore, runID: String, sink: RunEventSink, destination: Destination = .store) {
        self.store = store
        self.destination = destination
        self.runID = runID
        self.sink = sink
    }

    /// Takes the run's lock (`RunLock`, held until the caller releases it once the end is recorded) and records the
    /// run as RUNNING; nil, with nothing written, for a recorder that writes nowhere.
    func runStarted(_ run: RunRecord) throws -> RunLock? {
        guard destination == .store else { return nil }
        let runLock: RunLock
        do {
            runLock = try RunLock(databasePath: store.path, runID: runID)
        } catch {
            throw RunStoreError(.access, error.message, path: store.path, hint: "the store directory must be writable")
        }
        try store.insertRun(run)
        return runLock
    }

    /// Records how the run ended and checkpoints the database if it is idle (so that copying tarmac.sqlite alone
    /// copies the history).
    func runFinished(state: RunState, outputsJSON: String) {
        guard destination == .store else { return }
        try? store.updateRun(id: runID, state: state, finished: Date(), outputsJSON: outputsJSON)
        _ = try? store.checkpointIfIdle()
    }

    func taskStarted(_ slot: TaskSlot) {
        write(slot)
        sink.taskUpdated(TaskUpdate(slot))
    }

    func taskFinished(_ slot: TaskSlot) {
        write(slot)
        sink.taskUpdated(TaskUpdate(slot))
    }

    /// A loop expanded or one of its iterations ended.
    func loopProgressed(_ slot: TaskSlot, finished: Int, total: Int) {
        sink.loopProgressed(name: slot.name, finished: finished, total: total)
    }

    /// Records produced artifacts with the producing task, and the inputs a task consumed (lineage).
    func artifactsProduced(_ artifacts: [String: [RuntimeArtifact]], by slot: TaskSlot) {
        for (key, list) in artifacts.sorted(by: { $0.key < $1.key }) {
            for artifact in list {
                enqueue(.write(.insertArtifact(ArtifactRecord(id: artifact.id, runID: runID, producerTask: slot.name, outputKey: key,
                                                       schemaTitle: artifact.type.schemaTitle, uri: artifact.uri,
                                                       metadataJSON: JSONValue.object(artifact.metadata).canonicalJSON,
                                                       created: Date(), digest: artifact.object))))
            }
        }
    }

    func artifactsConsumed(_ artifacts: [String: [RuntimeArtifact]], by slot: TaskSlot) {
        for (key, list) in artifacts {
            for artifact in list {
                enqueue(.write(.recordArtifactUse(ArtifactUse(runID: runID, consumerTask: slot.name, inputKey: key, artifactID: artifact.id))))
            }
        }
    }

    private func write(_ slot: TaskSlot) {
        enqueue(.task(TaskRow(slot, runID: runID)))
    }

    /// What attempt `record.attempt` of task instance `task` was launched with. Called on the task's worker, as its process starts.
    func invocationStarted(_ task: String, record: InvocationRecord) {
        enqueue(.write(.recordInvocation(runID: runID, task: task, attempt: record.attempt, json: record.json.canonicalJSON)))
    }

    /// Blocks until every change queued so far is committed (or has failed and been reported).
    func flush() {
        writer.sync { commitPending() }
    }

    /// A queued change: a store write, or a task's row still to be serialized (on `writer`, see `TaskRow`).
    enum Pending: Sendable {
        case write(RunStore.Write)
        case task(TaskRow)
    }

    private func enqueue(_ change: Pending) {
        guard destination == .store else { return }
        let startWriter: Bool = lock.withLock {
            pending.append(change)
            defer { commitScheduled = true }
            return !commitScheduled
        }
        if startWriter { writer.asyncAfter(deadline: .now() + Self.commitInterval) { self.commitPending() } }
    }

    /// On `writer`: commits everything queued so far in one transaction.
    private func commitPending() {
        let batch: [Pending] = lock.withLock {
            defer { pending.removeAll(keepingCapacity: true); commitScheduled = false }
            return pending
        }
        let changes = Self.latestTaskStates(batch)
        guard !changes.isEmpty else { return }  // `flush()` committed them already
        do {
            try store.write(changes)
        } catch {
            // All or nothing failed: store what can be stored one change at a time, as before batching.
            for change in changes {
                do { try store.write([change]) } catch { report(error) }
            }
        }
    }

    /// `batch` as writes, without the task rows that a later row of the same task in it replaces (those are never
    /// serialized).
    static func latestTaskStates(_ batch: [Pending]) -> [RunStore.Write] {
        var seen = Set<String>()
        var kept: [RunStore.Write] = []
        kept.reserveCapacity(batch.count)
        for change in batch.reversed() {
            switch change {
            case .write(let write): kept.append(write)
            case .task(let row) where seen.insert(row.partial.name).inserted: kept.append(.upsertTask(row.record))
            case .task: continue
            }
        }
        return kept.reversed()
    }

    private func report(_ error: Error) {
        if !reportedFailure { sink.warning("cannot record the run in the database: \(error)") }
        reportedFailure = true
    }
}
