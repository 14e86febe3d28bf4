import Basics
@testable import Engine
import Foundation
import PipelineIR
import Planner
import RunDatabase
import Testing

/// The recorder group-commits: what it queued must all be in the store once the run returns.
@Suite struct RunRecorderTests {
    func task(_ name: String, _ state: TaskState) -> TaskRecord {
        TaskRecord(runID: "r", name: name, displayName: name, state: state, componentName: "comp-\(name)", exitCode: nil,
                   attempts: 0, started: nil, finished: nil, inputsJSON: "{}", outputsJSON: nil, error: nil, logsJSON: "[]")
    }

    /// The row the recorder queues for a slot named `name` in `state` (what `task(name, state)` must become).
    func row(_ name: String, _ state: TaskState) -> RunRecorder.Pending {
        let slot = TaskSlot(template: TaskTemplate(key: name, spec: PipelineTaskSpec(displayName: name, componentRef: "comp-\(name)"),
                                                   component: nil), name: name)
        slot.state = state
        return .task(TaskRow(slot, runID: "r"))
    }

    @Test func aBatchKeepsOnlyEachTasksLatestStateInOrder() {
        let use = ArtifactUse(runID: "r", consumerTask: "b", inputKey: "x", artifactID: "a1")
        let batch: [RunRecorder.Pending] = [row("a", .running), row("b", .running), .write(.recordArtifactUse(use)), row("a", .succeeded)]
        let kept = RunRecorder.latestTaskStates(batch)
        #expect(kept == [.upsertTask(task("b", .running)), .recordArtifactUse(use), .upsertTask(task("a", .succeeded))])
    }

    @Test func everyTaskIsStoredInItsFinalStateWhenTheRunReturns() throws {
        let path = SchedulerTests.repo.appendingPathComponent("examples/01-shell-components/pipeline.yaml").path
        let spec = try PipelineSpec.load(String(contentsOfFile: path, encoding: .utf8), file: path)
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("tarmac-recorder-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: store) }
        let runStore = try RunStore(path: store + "/tarmac.sqlite")
        let runner = PipelineRunner(spec: spec, pipelineFile: path, parameters: try RunParameters.resolve([:], for: spec),
                                    options: RunOptions(placement: .init(maxParallel: 2), output: .init(storeDirectory: store, streamLogs: false)),
                                    store: runStore, runner: CountingRunner(), sink: SilentEvents())
        let summary = try runner.run()
        let stored = try runStore.tasks(runID: runner.runID)
        let storedStates: [String: TaskState] = Dictionary(uniqueKeysWithValues: stored.map { ($0.name, $0.state) })
        let summaryStates: [String: TaskState] = Dictionary(uniqueKeysWithValues: summary.tasks.map { ($0.name, $0.state) })
        #expect(storedStates == summaryStates)
        #expect(!stored.isEmpty && stored.allSatisfy { $0.state == .succeeded })
        #expect(try runStore.run(id: runner.runID).state == .succeeded)
    }

    @Test func changesAreCommittedAfterTheIntervalAndFlushStoresThemAtOnce() throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("tarmac-recorder-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: store) }
        let runStore = try RunStore(path: store + "/tarmac.sqlite")
        try runStore.insertRun(RunRecord(id: "r", pipelineName: "p", pipelineFile: "/p.yaml", state: .running, parametersJSON: "{}",
                                         pipelineRoot: store, started: Date()))
        let recorder = RunRecorder(store: runStore, runID: "r", sink: SilentEvents())
        func record(_ attempt: Int) -> InvocationRecord {
            InvocationRecord(argv: ["sh", "-c", "exit \(attempt)"], environment: [:], workingDirectory: store, executorInput: .object([:]),
                             image: "busybox", attempt: attempt, logFile: store + "/attempt-\(attempt).log")
        }
        recorder.invocationStarted("t", record: record(0))
        recorder.flush()
        let first = try #require(try runStore.invocationJSON(runID: "r", task: "t"))
        #expect(try InvocationRecord.parse(first, source: "row") == record(0))
        // Without a flush the writer commits on its own once the interval has passed.
        recorder.invocationStarted("t", record: record(1))
        let deadline = Date().addingTimeInterval(30)
        var stored = try runStore.invocationJSON(runID: "r", task: "t")
        while stored == first, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
            stored = try runStore.invocationJSON(runID: "r", task: "t")
        }
        #expect(try InvocationRecord.parse(try #require(stored), source: "row") == record(1))
    }
}
