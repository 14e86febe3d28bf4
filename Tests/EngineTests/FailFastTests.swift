import Engine
import EngineTestSupport
import Testing

/// Parallelism, fail-fast, `--keep-going` and NOT_RUN behind failures (ir-semantics §6.2), on example 01:
/// `render-banner`, `render-banner-2` and `write-lines` are independent, `shout` waits for `write-lines`,
/// `assemble-report` for all four. Ready tasks start in key order.
@Suite struct FailFastTests {
    static let pipeline = "examples/01-shell-components/pipeline.yaml"
    static let roots = ["render-banner", "render-banner-2", "write-lines"]

    @Test("independent tasks run side by side up to --max-parallel, never beyond", arguments: [2, 3])
    func independentTasksRunSideBySide(maxParallel: Int) throws {
        let harness = try EngineHarness(Self.pipeline, maxParallel: maxParallel)
        let gate = FakeGate("roots", company: maxParallel, members: 3)
        let fake = harness.fake(Dictionary(uniqueKeysWithValues: Self.roots.map { ($0, FakeScript(gate: gate)) }))
        let summary = try harness.run(fake)
        #expect(summary.state == .succeeded)
        #expect(fake.gateTimeouts.isEmpty, "a serial scheduler never lets \(maxParallel) tasks meet")
        #expect(fake.peak() == maxParallel)
        #expect(fake.started.count == 5 && fake.started.last == "assemble-report")
    }

    @Test("--max-parallel 1 runs one task at a time")
    func oneAtATime() throws {
        let harness = try EngineHarness(Self.pipeline, maxParallel: 1)
        let fake = harness.fake()
        #expect(try harness.run(fake).state == .succeeded)
        #expect(fake.peak() == 1)
        #expect(fake.started == ["render-banner", "render-banner-2", "write-lines", "shout", "assemble-report"])
    }

    @Test("fail-fast: after a failure no new task of its DAG starts; they end NOT_RUN")
    func failFastStopsTasksNotYetStarted() throws {
        let harness = try EngineHarness(Self.pipeline, maxParallel: 1)
        let fake = harness.fake(["render-banner": .fails(3)])
        let summary = try harness.run(fake)
        #expect(summary.state == .failed)
        #expect(fake.started == ["render-banner"])
        #expect(summary.states == ["render-banner": .failed, "render-banner-2": .notRun, "write-lines": .notRun,
                                   "shout": .notRun, "assemble-report": .notRun])
        #expect(summary.task("render-banner")?.exitCode == 3)
        #expect(summary.task("render-banner")?.error == "exited with code 3")
        #expect(summary.task("write-lines")?.error == "not started: another task of its DAG failed (fail-fast)")
    }

    @Test("fail-fast lets a running sibling finish; the queued one is NOT_RUN")
    func runningSiblingFinishes() throws {
        let harness = try EngineHarness(Self.pipeline, maxParallel: 2)
        let pair = FakeGate("pair", company: 2, members: 2)
        // The sibling ends only once the failure is applied: had it ended first, its freed place would rightly
        // have started write-lines (the order the CI once met).
        let fake = harness.fake(["render-banner": FakeScript(gate: pair, endsAfter: "render-banner-2"),
                                 "render-banner-2": FakeScript(exitCodes: [1], gate: pair)])
        let summary = try harness.run(fake)
        #expect(fake.gateTimeouts.isEmpty)
        #expect(summary.states == ["render-banner": .succeeded, "render-banner-2": .failed, "write-lines": .notRun,
                                   "shout": .notRun, "assemble-report": .notRun])
        #expect(fake.started == ["render-banner", "render-banner-2"] || fake.started == ["render-banner-2", "render-banner"])
    }

    @Test("--keep-going lets independent branches finish; NOT_RUN still follows the failure downstream")
    func keepGoing() throws {
        let harness = try EngineHarness(Self.pipeline, maxParallel: 1)
        harness.options = harness.makeOptions(keepGoing: true)
        let fake = harness.fake(["write-lines": .fails()])
        let summary = try harness.run(fake)
        #expect(summary.state == .failed)
        #expect(summary.states == ["render-banner": .succeeded, "render-banner-2": .succeeded, "write-lines": .failed,
                                   "shout": .notRun, "assemble-report": .notRun])
        #expect(summary.task("shout")?.error == "not started: dependency 'write-lines' did not succeed")
        #expect(summary.task("assemble-report")?.error == "not started: dependency 'shout' did not succeed")
        #expect(!fake.started.contains("shout") && !fake.started.contains("assemble-report"))
    }
}
