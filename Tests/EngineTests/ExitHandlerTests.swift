import Basics
import Engine
import EngineTestSupport
import Testing

/// `dsl.ExitHandler` with a `PipelineTaskFinalStatus` input and `.ignore_upstream_failure()` (example 07):
/// `exit-handler-1` holds `prepare` → `maybe-fail` → `after-maybe-fail`, and `report-result` after `maybe-fail`
/// in any end state; `notify`, the exit task, runs after the group in any end state.
@Suite struct ExitHandlerTests {
    static let pipeline = "examples/07-exit-handler/pipeline.yaml"
    static let group = "exit-handler-1"

    func attempt(_ fake: FakeTaskRunner, _ address: String) -> FakeTaskRunner.Attempt? { fake.runs.first { $0.address == address } }

    @Test("a failure inside: its dependent is NOT_RUN, the ignore_upstream_failure task and the exit task run")
    func failureInside() throws {
        let harness = try EngineHarness(Self.pipeline)
        let fake = harness.fake(["maybe-fail": .fails()])
        let summary = try harness.run(fake)
        #expect(summary.state == .failed)
        #expect(summary.states == [Self.group: .failed, "\(Self.group)/prepare": .succeeded, "\(Self.group)/maybe-fail": .failed,
                                   "\(Self.group)/after-maybe-fail": .notRun, "\(Self.group)/report-result": .succeeded,
                                   "notify": .succeeded])
        #expect(attempt(fake, "\(Self.group)/report-result")?.parameters["result"] == .string("no result: upstream failed"),
                "the failed producer's output falls back to the input's default")
        let status = attempt(fake, "notify")?.parameters["status"]
        #expect(status?["state"] == .string("FAILED"))
        #expect(summary.task(Self.group)?.error == "a task inside it failed")
    }

    @Test("all succeed: the exit task sees COMPLETE and report-result gets the real output")
    func success() throws {
        let harness = try EngineHarness(Self.pipeline)
        let fake = harness.fake()
        let summary = try harness.run(fake)
        #expect(summary.state == .succeeded)
        #expect(summary.tasks.allSatisfy { $0.state == .succeeded })
        #expect(attempt(fake, "\(Self.group)/report-result")?.parameters["result"] == .string("\(Self.group)/maybe-fail.Output"))
        #expect(attempt(fake, "notify")?.parameters["status"]?["state"] == .string("COMPLETE"), "the backend's word for success")
        #expect(fake.started.last == "notify")
    }

    @Test("the exit task runs after an early failure too, even under fail-fast")
    func earlyFailure() throws {
        let harness = try EngineHarness(Self.pipeline)
        let fake = harness.fake(["prepare": .fails()])
        let summary = try harness.run(fake)
        #expect(summary.states["\(Self.group)/maybe-fail"] == .notRun && summary.states["\(Self.group)/report-result"] == .notRun)
        #expect(summary.task("\(Self.group)/report-result")?.error == "its dependencies never ran")
        #expect(summary.states["notify"] == .succeeded)
        #expect(fake.started == ["\(Self.group)/prepare", "notify"])
    }
}
