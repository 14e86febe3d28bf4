import Basics
import Foundation
import Testing
@testable import TarmacCommands

/// The end of a run: what happened, what it produced, what to type next.
@Suite("End of a run")
struct RunClosingTests {
    @Test("metrics: the first 8, then how many more tarmac report shows")
    func metricsAreElided() {
        let metrics = (1...11).map { (name: "evaluate.metrics.m\($0)", value: JSONValue.number(Double($0))) }
        let lines = RunClosing.metricLines(metrics, runID: "0123456789abcdef")
        #expect(lines == ["metrics:"] + (1...8).map { "  evaluate.metrics.m\($0) = \($0)" }
                    + ["  … 3 more (tarmac report 01234567)"])
        #expect(RunClosing.metricLines([], runID: "x").isEmpty)
    }

    @Test("next commands: the report, then the logs of the first failed tasks, names quoted for a shell")
    func nextCommands() {
        #expect(RunClosing.nextCommands(id: "01234567", failed: ["for-loop-2[1]/add", "b", "c", "d"])
                    == ["tarmac report 01234567", "tarmac logs 01234567 'for-loop-2[1]/add'", "tarmac logs 01234567 b",
                        "tarmac logs 01234567 c"])
    }
}

@Suite("End-to-end: the end of a successful run", .enabled(if: E2E.pythonTestsEnabled, "needs python3 (Lightweight Python components)"))
struct EndToEndRunClosingTests {
    @Test("the ML example ends with its counts, outputs (parameters and artifact paths), metrics and tarmac report")
    func mlExample() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let (run, _) = await ReportingRuns.shared.ml()
        #expect(run.code == 0, run.diagnostics)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("run \(run.runID) SUCCEEDED in ") }, run.diagnostics)
        let closing = Array(lines[start...])
        // threshold=0.99: the deploy condition is false, so the group is skipped and its task never exists.
        #expect(closing[0].hasSuffix(": 3 succeeded, 1 skipped"), Comment(rawValue: closing.joined(separator: "\n")))
        let model = try #require(run.artifact("model")?.path)
        #expect(closing.contains("outputs:") && closing.contains("  model: \(model)"), Comment(rawValue: closing.joined(separator: "\n")))
        let accuracy = try #require(run.parameters["accuracy"])
        #expect(closing.contains("  accuracy = \(accuracy.canonicalJSON)"))
        #expect(closing.contains("metrics:") && closing.contains { $0.hasPrefix("  evaluate.metrics.accuracy = ") },
                Comment(rawValue: closing.joined(separator: "\n")))
        #expect(closing.suffix(2) == ["next:", "  tarmac report \(run.runID.prefix(8))"])
        let document = try JSONValue.parse(run.stdout)
        #expect(document["counts"] == .object(["succeeded": .number(3), "skipped": .number(1)]), Comment(rawValue: run.stdout))
    }
}
