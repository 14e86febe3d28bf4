import Basics
import Engine
import Foundation
import PipelineIR
import Planner
import RunDatabase
import Runners
import Synchronization
import Testing

/// A runner at the process boundary whose every task runs until `cancelAll`; if that never comes, it exits 0
/// after 20 s (without the outputs the tasks declare), so a lost cancel shows as a run that did not end CANCELED
/// instead of a hung test.
final class BlockingRunner: TaskRunner, Sendable {
    private let canceled = DispatchSemaphore(value: 0)
    private let starts = Mutex(0)

    var started: Int { starts.withLock { $0 } }

    func run(_ spec: ProcessSpec) -> ProcessOutcome {
        starts.withLock { $0 += 1 }
        if canceled.wait(timeout: .now() + 20) == .success {
            canceled.signal()  // every other waiting task sees it too
            return ProcessOutcome(.canceled(.signaled(SIGTERM)))
        }
        return ProcessOutcome(.exited(0))
    }

    func cancelAll(grace: Double) { canceled.signal() }
}

/// Issue 19 point 8: a cancel at any moment of a run ends it CANCELED — before the scheduler exists, while it is
/// being made, while tasks run — and one after the end changes nothing.
@Suite struct RunCancelTests {
    static let pipeline = SchedulerTests.repo.appendingPathComponent("examples/01-shell-components/pipeline.yaml").path

    func makeRunner(_ runner: TaskRunner, store: String) throws -> PipelineRunner {
        let spec = try PipelineSpec.load(String(contentsOfFile: Self.pipeline, encoding: .utf8), file: Self.pipeline)
        return PipelineRunner(spec: spec, pipelineFile: Self.pipeline, parameters: try RunParameters.resolve([:], for: spec),
                              options: RunOptions(placement: .init(maxParallel: 2), output: .init(storeDirectory: store, streamLogs: false)),
                              store: try RunStore(path: store + "/tarmac.sqlite"), runner: runner, sink: SilentEvents())
    }

    func scratch() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tarmac-cancel-\(UUID().uuidString)").path
    }

    @Test func cancelBeforeRunStartsNothing() throws {
        let store = scratch()
        defer { try? FileManager.default.removeItem(atPath: store) }
        let runner = BlockingRunner()
        let pipelineRunner = try makeRunner(runner, store: store)
        pipelineRunner.cancel()
        let summary = try pipelineRunner.run()
        #expect(summary.state == .canceled)
        #expect(runner.started == 0)
        #expect(summary.tasks.allSatisfy { $0.state == .canceled })
        #expect(try RunStore(path: store + "/tarmac.sqlite").run(id: summary.runID).state == .canceled)
    }

    /// From another thread, after 0 … 30 ms: before, during and after the scheduler is made and the first tasks
    /// start. Every run must end CANCELED (with the request lost, the blocking tasks end by themselves after 20 s).
    @Test(arguments: [0, 1, 2, 5, 10, 30]) func cancelFromAnotherThreadAtAnyMoment(delayMilliseconds: Int) throws {
        let store = scratch()
        defer { try? FileManager.default.removeItem(atPath: store) }
        let runner = BlockingRunner()
        let pipelineRunner = try makeRunner(runner, store: store)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(delayMilliseconds)) { pipelineRunner.cancel() }
        let summary = try pipelineRunner.run()
        #expect(summary.state == .canceled)
        #expect(!summary.tasks.contains { $0.state == .succeeded })
    }

    @Test func cancelAfterTheEndChangesNothing() throws {
        let store = scratch()
        defer { try? FileManager.default.removeItem(atPath: store) }
        let pipelineRunner = try makeRunner(CountingRunner(), store: store)  // real processes that end by themselves
        let summary = try pipelineRunner.run()
        pipelineRunner.cancel()
        #expect(summary.state == .succeeded)
        #expect(try RunStore(path: store + "/tarmac.sqlite").run(id: summary.runID).state == .succeeded)
    }
}
