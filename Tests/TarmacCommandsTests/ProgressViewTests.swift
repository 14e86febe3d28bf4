import Basics
import Engine
import Foundation
import Planner
import Testing
@testable import TarmacCommands

// The live view's state model and renderer, with pinned times and spinner frames (no terminal involved).

private let t0 = Date(timeIntervalSince1970: 1_000_000)

private func update(_ name: String, _ state: TaskState, kind: TaskUpdate.Kind = .task, started: Double = 0,
                    finished: Double? = nil, exitCode: Int32? = nil) -> TaskUpdate {
    TaskUpdate(name: name, state: state, kind: kind, exitCode: exitCode, attempts: state == .running ? 0 : 1,
               started: t0.addingTimeInterval(started), finished: finished.map { t0.addingTimeInterval($0) })
}

@Suite("Progress view: model and rendering")
struct ProgressViewTests {
    /// A run with a plain task, a cached one, a loop of 20 with tasks inside iterations, and a failure.
    static func sampleModel() -> ProgressModel {
        var model = ProgressModel()
        model.apply(update("preprocess", .running), now: t0)
        model.apply(update("preprocess", .succeeded, finished: 1.25), now: t0)
        model.apply(update("load", .cached, started: 1, finished: 1), now: t0)
        model.apply(update("for-loop-2", .running, kind: .loop, started: 2), now: t0)
        model.applyLoop(name: "for-loop-2", finished: 0, total: 20, now: t0)
        for index in 0..<9 { model.apply(update("for-loop-2[\(index)]/square", .running, started: 2), now: t0) }
        for index in 0..<7 { model.apply(update("for-loop-2[\(index)]/square", .succeeded, started: 2, finished: 3), now: t0) }
        model.applyLoop(name: "for-loop-2", finished: 7, total: 20, now: t0)
        model.apply(update("for-loop-2[7]/for-loop-4[1]/inner", .running, started: 3), now: t0)
        model.applyLoop(name: "for-loop-2[7]/for-loop-4", finished: 1, total: 2, now: t0)
        model.apply(update("train", .running, started: 2), now: t0)
        model.apply(update("train", .failed, started: 2, finished: 4.5, exitCode: 3), now: t0)
        return model
    }

    @Test("loop iterations fold into their loop's row, counted as [finished/total]; nested loops fold into the outermost")
    func folding() {
        let model = Self.sampleModel()
        #expect(model.rows.map(\.label) == ["preprocess", "load", "for-loop-2 [7/20]", "train"])
        let loop = model.rows[2]
        #expect(loop.state == .running && loop.kind == .loop)
        #expect(loop.runningInside == ["for-loop-2[7]/square", "for-loop-2[8]/square", "for-loop-2[7]/for-loop-4[1]/inner"])
        #expect(model.isRunning)
    }

    @Test("the live view: running rows first, then failed, then the rest in natural order; a totals line over leaf tasks")
    func liveLines() {
        let lines = ProgressRenderer.live(Self.sampleModel(), now: t0.addingTimeInterval(5), frame: 3,
                                          style: .init(color: false, width: 100, height: 40))
        #expect(lines == [
            "⠸ for-loop-2 [7/20] RUNNING      3.0s  3 running",
            "✗ train             FAILED       2.5s  exit code 3",
            "✓ load              CACHED",
            "✓ preprocess        SUCCEEDED    1.2s",
            "10/13 done · 3 running · 1 failed · 0:05",
        ])
    }

    @Test("the final summary has no spinner and ends with the totals; a loop that ended shows its final count")
    func summary() {
        var model = Self.sampleModel()
        model.applyLoop(name: "for-loop-2", finished: 20, total: 20, now: t0)
        model.apply(update("for-loop-2[7]/for-loop-4[1]/inner", .failed, started: 3, finished: 4, exitCode: 1), now: t0)
        model.apply(update("for-loop-2", .failed, kind: .loop, started: 2, finished: 62.5), now: t0)
        #expect(ProgressRenderer.summary(model, style: .init(color: false), now: t0.addingTimeInterval(62.5)) == [
            "✗ for-loop-2 [20/20] FAILED      1m00s  1 failed inside",
            "✗ train              FAILED       2.5s  exit code 3",
            "✓ load               CACHED",
            "✓ preprocess         SUCCEEDED    1.2s",
            "11/13 done · 2 running · 2 failed · 1:02",
        ])
    }

    @Test("lines never reach the terminal's last column; colours wrap the symbol and the state")
    func widthAndColour() {
        let model = Self.sampleModel()
        let narrow = ProgressRenderer.live(model, now: t0.addingTimeInterval(5), frame: 0, style: .init(color: false, width: 20, height: 40))
        #expect(narrow.allSatisfy { $0.count <= 19 }, "\(narrow)")
        let coloured = ProgressRenderer.summary(model, style: .init(color: true))
        #expect(coloured[3].hasPrefix("\u{1B}[32m✓\u{1B}[0m preprocess"))
        #expect(coloured[1].contains("\u{1B}[31mFAILED   \u{1B}[0m"))
    }

    @Test("more rows than the terminal has: the running row and the newest finished ones fit, the rest only in the totals")
    func tallRuns() {
        var model = ProgressModel()
        for index in 0..<30 { model.apply(update("done-\(index)", .succeeded, finished: 1), now: t0) }
        model.apply(update("busy", .running), now: t0)
        let lines = ProgressRenderer.live(model, now: t0.addingTimeInterval(2), frame: 0, style: .init(color: false, width: 80, height: 12))
        #expect(lines.count == 11)
        #expect(lines.first?.hasPrefix("⠋ busy") == true)
        #expect(lines.last == "30/31 done · 1 running · 0:02")
    }

    @Test("more running tasks than rows: as many as fit, then one line saying how many more")
    func manyRunning() {
        var model = ProgressModel()
        for index in 1...30 { model.apply(update("work-\(index)", .running), now: t0) }
        let lines = ProgressRenderer.live(model, now: t0, frame: 0, style: .init(color: false, width: 80, height: 10))
        #expect(lines.count == 9)
        #expect(lines[0].hasPrefix("⠋ work-1 ") && lines[1].hasPrefix("⠋ work-2 ") && lines[6].hasPrefix("⠋ work-7 "))
        #expect(lines[7] == "  … 23 more running")
        #expect(lines[8] == "0/30 done · 30 running · 0:00")
    }

    @Test("natural order: digit runs compare by value")
    func naturalOrder() {
        let names = ["work-19", "work-2", "work-20", "work", "a[10]/x", "a[9]/x"]
        #expect(names.sorted(by: NaturalOrder.less) == ["a[9]/x", "a[10]/x", "work", "work-2", "work-19", "work-20"])
    }

    @Test("long names are cut in the middle, keeping the first segment and as many last ones as fit")
    func middleCut() {
        let path = "condition-branches-1/condition-3/condition-branches-4/condition-5/announce-3"
        #expect(MiddleCut.cut(path, to: 40) == "condition-branches-1/…/announce-3")
        #expect(MiddleCut.cut(path, to: 52) == "condition-branches-1/…/condition-5/announce-3")
        #expect(MiddleCut.cut(path, to: 20) == "condition…announce-3")
        #expect(MiddleCut.cut("short", to: 20) == "short")
    }

    @Test("rows are titled by display names; the totals count tasks not started, drop skipped branches, follow loop sizes")
    func namesAndCensus() {
        let census = TaskCensus(root: [
            "a": .leaf, "b": .leaf,
            "condition-1": .group(["c": .leaf, "d": .leaf]),
            "for-loop-2": .loop(literalCount: nil, body: ["e": .leaf]),
        ])
        var model = ProgressModel(names: DisplayNames(segments: ["a": "load data", "for-loop-2": "for item in xs"]), census: census)
        model.apply(update("a", .running), now: t0)
        #expect(model.totals == .init(done: 0, running: 1, failed: 0, expected: 5))
        #expect(model.rows.map(\.title) == ["load data"])
        model.apply(update("condition-1", .skipped, kind: .group), now: t0)
        #expect(model.totals.expected == 3)
        model.apply(update("for-loop-2", .running, kind: .loop), now: t0)
        model.applyLoop(name: "for-loop-2", finished: 0, total: 4, now: t0)
        #expect(model.totals.expected == 6)
        #expect(model.rows.map(\.label) == ["load data", "condition-1", "for item in xs [0/4]"])
    }

    @Test("durations: tenths under a minute, then minutes and seconds, then hours and minutes")
    func durations() {
        #expect(ProgressRenderer.duration(0.04) == "0.0s")
        #expect(ProgressRenderer.duration(59.94) == "59.9s")
        #expect(ProgressRenderer.duration(123) == "2m03s")
        #expect(ProgressRenderer.duration(3_900) == "1h05m")
    }

    @Test("a failure block: title with the exit code, the log's last 10 non-empty lines, the exact command, the log path")
    func failureBlock() {
        let log = (1...25).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let failed = TaskUpdate(name: "train", state: .failed, kind: .task, detail: "exited with code 3", exitCode: 3, attempts: 1,
                                logs: ["/runs/train/attempt-0.log"])
        let lines = FailureBlock.render(failed, argv: ["sh", "-c", "echo \"it's\" >&2; exit 3", "x y"], logPath: failed.logs[0],
                                        logText: log, runID: "0123456789", color: false)
        #expect(lines == ["FAILED: train (exit code 3)"] + (16...25).map { "  line \($0)" }
                    + [#"command: sh -c 'echo "it'\''s" >&2; exit 3' 'x y'"#, "log: /runs/train/attempt-0.log"])
    }

    @Test("a failure block for a long command: the error first, long arguments abbreviated, tarmac inspect named, extra hints last")
    func failureBlockLongCommand() {
        let failed = TaskUpdate(name: "for-loop-2[1]/add", state: .failed, kind: .task, detail: "missing output 'x'", exitCode: 0,
                                attempts: 2)
        let lines = FailureBlock.render(failed, argv: ["sh", "-ec", String(repeating: "a", count: 2000)], logPath: nil, logText: nil,
                                        runID: "0123456789", color: false, extraHints: ["try --network host"])
        #expect(lines == ["FAILED: for-loop-2[1]/add (exit code 0) after 2 attempts", "missing output 'x'",
                          "command: sh -ec 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…(2000 characters)'",
                          "exact command: tarmac inspect 01234567 'for-loop-2[1]/add'", "hint: try --network host"])
    }

    @Test("a failure block is titled by the task's display path; the inspect hint keeps its key")
    func failureBlockTitle() {
        let failed = TaskUpdate(name: "for-loop-2[1]/add", state: .failed, kind: .task, exitCode: 1)
        let names = DisplayNames(segments: ["for-loop-2": "for item in xs", "for-loop-2/add": "add numbers"])
        let lines = FailureBlock.render(failed, title: names.path(of: failed.name), argv: ["sh", "-ec", String(repeating: "a", count: 2000)],
                                        logPath: nil, logText: nil, runID: "0123456789", color: false)
        #expect(lines.first == "FAILED: for item in xs/add numbers [1] (exit code 1)")
        #expect(lines.last == "exact command: tarmac inspect 01234567 'for-loop-2[1]/add'")
    }

    @Test("progress settings: plain lines and no colour off a terminal; NO_COLOR")
    func settings() {
        let captured = Console.$capture.withValue(Console.Capture()) { ProgressSettings.detect(quiet: false, verbose: true) }
        #expect(captured == ProgressSettings(mode: .lines, quiet: false, verbose: true, color: false))
    }

    @Test("secret-looking variables are masked by inspect")
    func secrets() {
        #expect(TaskInvocationLookup.isSecret("API_TOKEN") && TaskInvocationLookup.isSecret("db_password"))
        #expect(!TaskInvocationLookup.isSecret("PATH") && !TaskInvocationLookup.isSecret("GREETING"))
    }

    @Test("pipeline arguments: x.py and x.py:function are Python sources")
    func pythonArguments() {
        #expect(PythonPipeline.split("a/pipeline.py")! == ("a/pipeline.py", nil))
        #expect(PythonPipeline.split("a/pipeline.py:second")! == ("a/pipeline.py", "second"))
        #expect(PythonPipeline.split("a/pipeline.yaml") == nil)
        #expect(PythonPipeline.split("c:/x.yaml") == nil)
    }
}
