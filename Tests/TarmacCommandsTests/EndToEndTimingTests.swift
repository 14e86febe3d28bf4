import Basics
import Foundation
import Reporting
import Testing

// True task timings: `queued` when a task became ready, `started` when its process launched, `finished` when it
// ended; durations are finished − started and tasks that never ran have none. Checked against the times each
// process recorded itself, never against a wall-clock bound.

@Suite("End-to-end: task timings", .enabled(if: E2E.compilerTestsEnabled, "needs the KFP compiler venv"))
struct EndToEndTimingTests {
    /// A Unix time written by `date +%s.%N`.
    static func processTime(_ path: String) throws -> Date {
        let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return Date(timeIntervalSince1970: try #require(Double(text), "\(path): \(text)"))
    }

    @Test("--max-parallel 1 fan-out: each task starts after the previous process ended and its times contain its process's")
    func serialFanOut() async throws {
        let state = E2E.scratchDirectory("timings")
        let junit = state + "/junit.xml"
        let run = await runPipeline(try await FixturePipelines.shared.yaml("fan-out-sleeps"),
                                    ["--max-parallel", "1", "--param", "state_dir=\(state)", "--junit", junit])
        #expect(run.code == 0, run.diagnostics)
        let sleeps = ["0.7", "0.2", "0.5", "0.3"]
        let all = run.tasks
        var naps: [(task: TaskReport, start: Date, end: Date)] = []
        for (index, seconds) in sleeps.enumerated() {
            let task = try #require(all.first { $0.name == "for-loop-2[\(index)]/nap" }, run.diagnostics)
            naps.append((task, try Self.processTime("\(state)/\(seconds).start"), try Self.processTime("\(state)/\(seconds).end")))
        }
        naps.sort { ($0.task.attemptTimes.first?.started ?? .distantPast) < ($1.task.attemptTimes.first?.started ?? .distantPast) }
        for (task, start, end) in naps {
            let launched = try #require(task.attemptTimes.first?.started, "\(task.name) has no attempt start")
            let ended = try #require(task.attemptTimes.first?.finished, "\(task.name) has no attempt end")
            // Tarmac's attempt interval contains what the process itself saw.
            #expect(launched <= start && end <= ended, "\(task.name): tarmac \(launched)…\(ended), process \(start)…\(end)")
            let queued = try #require(TaskReport.date(task.queued)), duration = try #require(task.duration)
            #expect(queued <= launched, "\(task.name) queued after it started")
            #expect(duration >= end.timeIntervalSince(start), "\(task.name): duration \(duration) shorter than its process")
            // The task's interval contains its attempt's; how much later it ends (outputs collected, the scheduler's
            // queue) depends on the machine's load, so no bound is asserted on that. The JSON keeps milliseconds
            // (durations rounded, times truncated): 2 ms is its precision, not a tolerance of the engine.
            #expect(duration >= ended.timeIntervalSince(launched) - 0.002, "\(task.name): duration \(duration) shorter than its attempt")
            let started = try #require(TaskReport.date(task.started)), finished = try #require(TaskReport.date(task.finished))
            #expect(abs(duration - finished.timeIntervalSince(started)) <= 1, "\(task.name): duration is finished − started")
        }
        // One at a time: each task's process launched after the previous one's process ended (all became ready at once).
        for (previous, next) in zip(naps, naps.dropFirst()) {
            #expect(previous.end <= (next.task.attemptTimes.first?.started ?? .distantPast),
                    "\(next.task.name) started before \(previous.task.name)'s process ended")
        }
        // JUnit's `time` is the same duration (its testcases are named by display path).
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        for (task, _, _) in naps {
            let duration = try #require(task.duration)
            let head = "<testcase name=\"\(Markup.escape(task.displayPath))\" classname=\"fan-out-sleeps\" time=\""
            let time = try #require(xml.range(of: head).map { Double(xml[$0.upperBound...].prefix { $0 != "\"" }) } ?? nil,
                                    Comment(rawValue: xml))
            #expect(abs(time - duration) < 0.0015, "\(task.name): JUnit time \(time), duration \(duration)")
        }
        let readyTimes = Set(naps.compactMap { $0.task.queued })
        #expect(readyTimes.count <= 2, "the iterations became ready together (whole-second queued times: \(readyTimes))")
    }

    @Test("tasks that never ran have no started time and no duration")
    func notRunHasNoDuration() async throws {
        let run = await runPipeline(try await FixturePipelines.shared.yaml("task-fails"), ["--max-parallel", "1"])
        #expect(run.code == 1, run.diagnostics)
        let tasks = run.tasks
        for name in ["echo", "gate", "echo-2"] {
            let task = try #require(tasks.first { $0.name == name }, run.diagnostics)
            #expect(task.started == nil && task.duration == nil, "\(name) never ran")
            #expect(task.finished != nil, "\(name) still has the time it was given up")
        }
        let failed = try #require(tasks.first { $0.name == "fail" })
        #expect(failed.started != nil && failed.duration != nil && failed.queued != nil)
    }
}
