import Basics
import Engine
import EngineTestSupport
import Testing

/// `dsl.ParallelFor` (raw list, upstream list, nested loops), `parallelism` and `dsl.Collected` (example 05).
/// `for-loop-2`: 3 raw items, parallelism 2; `for-loop-3`: the items `make-numbers` outputs, parallelism 2;
/// `for-loop-4` over the `groups` parameter (2) with `for-loop-6` over 3 items inside, no limit.
@Suite struct LoopTests {
    static let pipeline = "examples/05-parallel-for/pipeline.yaml"
    static let numbers: FakeScript = .outputs(["Output": .array([1, 2, 3, 4].map { .number($0) })])

    @Test("parallelism 2: two iterations run side by side, never three")
    func parallelismLimit() throws {
        let harness = try EngineHarness(Self.pipeline, maxParallel: 8)
        let fake = harness.fake(["make-numbers": Self.numbers,
                                 "square": FakeScript(gate: FakeGate("squares", company: 2, members: 4)),
                                 "describe-item": FakeScript(gate: FakeGate("described", company: 2, members: 3))])
        let summary = try harness.run(fake)
        #expect(summary.state == .succeeded)
        #expect(fake.gateTimeouts.isEmpty, "iterations of a limited loop still run two at a time")
        #expect(fake.peak { $0.hasSuffix("/square") } == 2)
        #expect(fake.peak { $0.hasSuffix("/describe-item") } == 2)
        #expect(fake.started.filter { $0.hasSuffix("/square") }.count == 4)
    }

    @Test("nested loops without a limit: all six inner iterations run at once")
    func nestedLoopsRunSideBySide() throws {
        let harness = try EngineHarness(Self.pipeline, maxParallel: 8)
        let fake = harness.fake(["make-numbers": Self.numbers, "make-label": FakeScript(gate: FakeGate("labels", company: 6, members: 6))])
        let summary = try harness.run(fake)
        #expect(summary.state == .succeeded)
        #expect(fake.gateTimeouts.isEmpty)
        let labels = summary.tasks.map(\.name).filter { $0.hasSuffix("/make-label") }.sorted()
        #expect(labels == ["for-loop-4[0]/for-loop-6[0]/make-label", "for-loop-4[0]/for-loop-6[1]/make-label",
                           "for-loop-4[0]/for-loop-6[2]/make-label", "for-loop-4[1]/for-loop-6[0]/make-label",
                           "for-loop-4[1]/for-loop-6[1]/make-label", "for-loop-4[1]/for-loop-6[2]/make-label"])
    }

    @Test("Collected: the consumer gets every iteration's output in index order, parameters and artifacts")
    func collected() throws {
        let harness = try EngineHarness(Self.pipeline)
        var scripts: [String: FakeScript] = ["make-numbers": Self.numbers]
        for index in 0..<4 { scripts["for-loop-3[\(index)]/square"] = .outputs(["Output": .number(Double(10 + index))]) }
        let fake = harness.fake(scripts)
        let summary = try harness.run(fake)
        #expect(summary.state == .succeeded)
        func inputs(_ address: String) -> FakeTaskRunner.Attempt? { fake.runs.first { $0.address == address } }
        #expect(inputs("sum-values")?.parameters["values"] == .array([10, 11, 12, 13].map { .number($0) }))
        #expect(inputs("join-texts")?.parameters["texts"] == .array((0..<3).map { .string("for-loop-2[\($0)]/describe-item.Output") }))
        let parts = inputs("merge-parts")?.artifacts["parts"] ?? []
        #expect(parts.count == 4)
        for (index, uri) in parts.enumerated() { #expect(uri.hasSuffix("/for-loop-3.\(index)/write-number/part")) }
        #expect(inputs("for-loop-3[2]/square")?.parameters["x"] == .number(3), "each iteration gets its item")
        #expect(inputs("for-loop-2[1]/describe-item")?.parameters["name"] == .string("banana"))
        let labels = (0..<2).flatMap { outer in (0..<3).map { JSONValue.string("for-loop-4[\(outer)]/for-loop-6[\($0)]/make-label.Output") } }
        #expect(inputs("count-labels")?.parameters["labels"] == .array(labels), "collected across nested loops: one flat list, as on a cluster")
    }

    @Test("a failed iteration fails its loop; with parallelism 2 the iterations not started are never started")
    func failedIteration() throws {
        let harness = try EngineHarness(Self.pipeline, maxParallel: 1)
        let fake = harness.fake(["make-numbers": Self.numbers, "for-loop-3[0]/square": .fails()])
        let summary = try harness.run(fake)
        #expect(summary.state == .failed)
        #expect(summary.states["for-loop-3"] == .failed && summary.task("for-loop-3")?.error == "an iteration failed")
        #expect(summary.states["sum-values"] == .notRun && summary.states["merge-parts"] == .notRun)
        #expect(!fake.started.contains { $0.hasPrefix("for-loop-3[2]") || $0.hasPrefix("for-loop-3[3]") })
    }

    @Test("an empty list: the loop succeeds without iterations and Collected gives []")
    func emptyLoop() throws {
        let harness = try EngineHarness(Self.pipeline)
        let fake = harness.fake(["make-numbers": .outputs(["Output": .array([])])])
        let summary = try harness.run(fake)
        #expect(summary.states["for-loop-3"] == .succeeded)
        #expect(fake.runs.first { $0.address == "sum-values" }?.parameters["values"] == .array([]))
    }
}
