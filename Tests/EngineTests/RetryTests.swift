import Basics
import Engine
import EngineTestSupport
import Testing

/// `set_retry` with back-off (§6.4), timed by a `ManualClock`: example 10's `sum-of-squares` has 3 retries,
/// back-off 1 s, factor 2, at most 30 s; `divide` waits for it.
@Suite struct RetryTests {
    static let pipeline = "examples/10-task-settings/pipeline.yaml"

    @Test("fails twice, then succeeds: three attempts, waits of 1 s and 2 s")
    func succeedsOnThirdAttempt() throws {
        let harness = try EngineHarness(Self.pipeline)
        let clock = ManualClock()
        let fake = harness.fake(["sum-of-squares": FakeScript(exitCodes: [1, 1, 0])])
        let summary = try harness.run(fake, clock: clock)
        #expect(summary.state == .succeeded)
        #expect(summary.task("sum-of-squares")?.attempts == 3)
        #expect(summary.task("sum-of-squares")?.logs.count == 3)
        #expect(clock.sleeps == [1, 2])
        #expect(fake.runs.filter { $0.address == "sum-of-squares" }.map(\.attempt) == [0, 1, 2])
        #expect(summary.states["divide"] == .succeeded)
    }

    @Test("retries exhausted: four attempts, waits of 1, 2 and 4 s, FAILED, its dependent NOT_RUN")
    func exhausted() throws {
        let harness = try EngineHarness(Self.pipeline)
        let clock = ManualClock()
        let summary = try harness.run(harness.fake(["sum-of-squares": .fails(7)]), clock: clock)
        #expect(summary.state == .failed)
        #expect(summary.task("sum-of-squares")?.attempts == 4)
        #expect(summary.task("sum-of-squares")?.exitCode == 7)
        #expect(clock.sleeps == [1, 2, 4])
        #expect(summary.states["divide"] == .notRun)
    }

    @Test("a task without a retry policy runs once and never waits")
    func noPolicy() throws {
        let harness = try EngineHarness(Self.pipeline)
        let clock = ManualClock()
        let summary = try harness.run(harness.fake(["read-env": .fails()]), clock: clock)
        #expect(summary.task("read-env")?.attempts == 1)
        #expect(clock.sleeps.isEmpty)
    }
}
