import Basics
import Engine
import EngineTestSupport
import Testing

/// How a timed-out task ends (`Ending.timedOut`): FAILED, with the limit and where it came from, as before the ending
/// was an enum; its dependents are NOT_RUN.
@Suite struct TimeoutEndingTests {
    @Test("a task whose attempt times out is FAILED 'timed out after 5 s (--task-timeout)', without an exit code")
    func timedOut() throws {
        let harness = try EngineHarness("examples/01-shell-components/pipeline.yaml")
        harness.options = harness.makeOptions(taskTimeout: 5)
        let summary = try harness.run(harness.fake(["write-lines": FakeScript(timesOut: true)]))
        let task = try #require(summary.task("write-lines"))
        #expect(task.state == .failed && task.attempts == 1 && task.exitCode == nil)
        #expect(task.error == "timed out after 5 s (--task-timeout); its process group was ended")
        #expect(summary.state == .failed && summary.task("shout")?.state == .notRun)
    }
}
