import Basics
import Foundation
import PipelineIR
import Planner
import RunDatabase

/// Writes task and artifact records to the run database and tells the event sink. Called on the
/// scheduler queue only, so its writes are ordered.
final class RunRecorder: @unchecked Sendable {  // used only on the scheduler queue
    let store: RunStore
    let runID: String
    let sink: RunEventSink
    /// False in a dry run: nothing is written.
    let writes: Bool
    /// Database problems are reported once and do not stop the run.
    private var reportedFailure = false

    init(store: RunStore, runID: String, sink: RunEventSink, writes: Bool = true) {
        self.store = store
        self.writes = writes
        self.runID = runID
        self.sink = sink
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
    func loopProgressed(_ slot: TaskSlot, _ loop: LoopProgress) {
        sink.loopProgressed(name: slot.name, finished: loop.instances.count - loop.active, total: loop.items.count)
    }

    /// Records produced artifacts with the producing task, and the inputs a task consumed (lineage).
    func artifactsProduced(_ artifacts: [String: [RuntimeArtifact]], by slot: TaskSlot) {
        for (key, list) in artifacts.sorted(by: { $0.key < $1.key }) {
            for artifact in list {
                attempt {
                    try store.insertArtifact(ArtifactRecord(id: artifact.id, runID: runID, producerTask: slot.name, outputKey: key,
                                                            schemaTitle: artifact.type.schemaTitle, uri: artifact.uri,
                                                            metadataJSON: JSONValue.object(artifact.metadata).canonicalJSON,
                                                            created: Date(), digest: artifact.object))
                }
            }
        }
    }

    func artifactsConsumed(_ artifacts: [String: [RuntimeArtifact]], by slot: TaskSlot) {
        for (key, list) in artifacts {
            for artifact in list {
                attempt { try store.recordArtifactUse(runID: runID, consumerTask: slot.name, inputKey: key, artifactID: artifact.id) }
            }
        }
    }

    private func write(_ slot: TaskSlot) {
        var outputs: String?
        if case .leaf(let parameters, _) = slot.result { outputs = JSONValue.object(parameters).canonicalJSON }
        let record = TaskRecord(runID: runID, name: slot.name, displayName: slot.spec.displayName, state: slot.state.rawValue,
                                componentName: slot.spec.componentRef, exitCode: slot.exitCode, attempts: slot.attempts,
                                started: slot.started, finished: slot.finished,
                                inputsJSON: JSONValue.object(slot.inputs).canonicalJSON, outputsJSON: outputs,
                                error: slot.error, logsJSON: JSONValue.array(slot.logs.map { .string($0) }).canonicalJSON,
                                cacheKey: slot.cache?.key?.key, cacheStatus: slot.cache?.status,
                                cacheDescriptionJSON: slot.cache?.key?.description.canonicalJSON)
        attempt { try store.upsertTask(record) }
    }

    private func attempt(_ body: () throws -> Void) {
        guard writes else { return }
        do {
            try body()
        } catch {
            if !reportedFailure { sink.warning("cannot record the run in the database: \(error)") }
            reportedFailure = true
        }
    }
}
