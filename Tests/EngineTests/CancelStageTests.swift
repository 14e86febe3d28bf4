import Basics
import Engine
import EngineTestSupport
import Testing

/// A cancel at each stage of a run, made from inside a fake task (or the back-off clock) so that the moment is
/// exact: the run ends CANCELED, what ran is CANCELED, and nothing starts after it.
@Suite struct CancelStageTests {
    @Test("before the run: nothing starts, every task is CANCELED")
    func beforeTheRun() throws {
        let harness = try EngineHarness("examples/01-shell-components/pipeline.yaml")
        let fake = harness.fake()
        let runner = try harness.pipelineRunner(fake)
        runner.cancel()
        let summary = try runner.run()
        #expect(summary.state == .canceled)
        #expect(fake.runs.isEmpty)
        #expect(summary.tasks.count == 5 && summary.tasks.allSatisfy { $0.state == .canceled })
    }

    @Test("while the first task runs: it and every queued task end CANCELED, no other starts")
    func whileTheFirstTaskRuns() throws {
        let harness = try EngineHarness("examples/01-shell-components/pipeline.yaml", maxParallel: 1)
        let fake = harness.fake(["render-banner": FakeScript(cancelsRun: true)])
        let summary = try harness.run(fake)
        #expect(summary.state == .canceled)
        #expect(fake.started == ["render-banner"])
        #expect(summary.tasks.allSatisfy { $0.state == .canceled })
        #expect(summary.task("render-banner")?.error == "canceled")
        #expect(summary.task("render-banner-2")?.error == "canceled before it started")
    }

    @Test("inside a loop with parallelism 2: the running iterations end CANCELED, the rest never start")
    func insideALoop() throws {
        let harness = try EngineHarness("examples/05-parallel-for/pipeline.yaml", maxParallel: 8)
        let fake = harness.fake(["make-numbers": .outputs(["Output": .array([1, 2, 3, 4].map { .number($0) })]),
                                 "for-loop-3[0]/square": FakeScript(blocksUntilCanceled: true),
                                 "for-loop-3[1]/square": FakeScript(cancelsRun: true)])
        let summary = try harness.run(fake)
        #expect(summary.state == .canceled)
        #expect(summary.states["for-loop-3"] == .canceled)
        #expect(summary.states["for-loop-3[0]/square"] == .canceled && summary.states["for-loop-3[1]/square"] == .canceled)
        #expect(summary.states["sum-values"] == .canceled && summary.states["merge-parts"] == .canceled)
        #expect(!fake.started.contains { $0.hasPrefix("for-loop-3[2]") || $0.hasPrefix("for-loop-3[3]") })
        #expect(!summary.tasks.contains { $0.state == .failed })
    }

    @Test("during a retry's back-off: the next attempt is refused and the task ends CANCELED")
    func duringBackOff() throws {
        let harness = try EngineHarness("examples/10-task-settings/pipeline.yaml", maxParallel: 1)
        let clock = ManualClock()
        let fake = harness.fake(["sum-of-squares": .fails()])
        let runner = try harness.pipelineRunner(fake, clock: clock)
        clock.onSleep = { runner.cancel() }
        let summary = try runner.run()
        #expect(summary.state == .canceled)
        #expect(clock.sleeps == [1])
        #expect(summary.states["sum-of-squares"] == .canceled && summary.task("sum-of-squares")?.attempts == 2)
        #expect(summary.states["divide"] == .canceled)
    }

    @Test("in the exit task: the work inside succeeded, the exit task and the run are CANCELED")
    func inTheExitTask() throws {
        let harness = try EngineHarness("examples/07-exit-handler/pipeline.yaml")
        let summary = try harness.run(harness.fake(["notify": FakeScript(cancelsRun: true)]))
        #expect(summary.state == .canceled)
        #expect(summary.states["exit-handler-1"] == .succeeded && summary.states["notify"] == .canceled)
    }

    @Test("inside the exit handler's group: what is left is CANCELED, the exit task too")
    func insideTheGroup() throws {
        let harness = try EngineHarness("examples/07-exit-handler/pipeline.yaml")
        let fake = harness.fake(["prepare": FakeScript(cancelsRun: true)])
        let summary = try harness.run(fake)
        #expect(summary.state == .canceled)
        #expect(summary.states["exit-handler-1"] == .canceled && summary.states["notify"] == .canceled)
        #expect(fake.started == ["exit-handler-1/prepare"])
    }
}
