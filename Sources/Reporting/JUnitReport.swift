import Basics
import Foundation
import RunDatabase

/// JUnit XML for CI systems: one `<testsuite>` per run, one `<testcase>` per task instance.
///
/// `classname` is the pipeline, `name` the task instance's display path (`for item in [1, 2]/add [0]`, see `DisplayNames`). A FAILED task has a
/// `<failure>` whose message is its exit code and cause and whose body is its `FailureSummary`; tasks that did not run (SKIPPED,
/// NOT_RUN, CANCELED, or still PENDING) are `<skipped/>`; CACHED and SUCCEEDED pass.
public enum JUnitReport {
    /// The whole document.
    public static func render(_ recorded: RecordedRun, hostname: String = ProcessInfo.processInfo.hostName) -> String {
        let run = recorded.run
        let names = recorded.displayNames
        let cases = recorded.tasks.map { testCase($0, name: names.path(of: $0.name), pipeline: run.pipelineName) }
        let failures = recorded.tasks.filter { $0.state == .failed }.count
        let skipped = recorded.tasks.filter { skippedStates.contains($0.state) }.count
        let time = seconds(RecordedRun.duration(run.started, run.finished ?? recorded.tasks.compactMap(\.finished).max()))
        let suite = attributes([
            ("name", run.pipelineName), ("tests", String(cases.count)), ("failures", String(failures)), ("errors", "0"),
            ("skipped", String(skipped)), ("time", time), ("timestamp", timestamp(run.started)),
            ("hostname", hostname.isEmpty ? "localhost" : hostname), ("id", "0"), ("package", run.pipelineName),
        ])
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"\(Markup.escape(run.pipelineName))\" tests=\"\(cases.count)\" failures=\"\(failures)\" "
            + "errors=\"0\" time=\"\(time)\">\n"
        xml += "  <testsuite\(suite)>\n    <properties>\n"
        var properties = [("run_id", run.id), ("state", run.state.rawValue), ("pipeline_file", run.pipelineFile),
                          ("parameters", run.parametersJSON)]
        if let experiment = run.experiment { properties.append(("experiment", experiment)) }
        for (name, value) in properties {
            xml += "      <property\(attributes([("name", name), ("value", value)]))/>\n"
        }
        xml += "    </properties>\n" + cases.joined()
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    /// States that did not run to an outcome.
    static let skippedStates: Set<TaskState> = [.skipped, .notRun, .canceled, .pending, .running]

    /// One `<testcase>` element, named by the task's display path (`name`; default: its path key).
    static func testCase(_ task: TaskRecord, name: String? = nil, pipeline: String) -> String {
        let head = "    <testcase" + attributes([
            ("name", name ?? task.name), ("classname", pipeline),
            ("time", seconds(RecordedRun.duration(task.started, task.finished))),
        ])
        switch task.state {
        case .failed:
            let summary = FailureSummary.make(task)
            let message = failureMessage(task, cause: summary.message)
            return head + ">\n      <failure" + attributes([("message", message), ("type", TaskState.failed.rawValue)]) + ">"
                + Markup.escape(summary.lines().joined(separator: "\n"))
                + "</failure>\n    </testcase>\n"
        case let state where skippedStates.contains(state):
            let reason = state.rawValue.lowercased().replacingOccurrences(of: "_", with: " ")
            return head + ">\n      <skipped" + attributes([("message", task.error.map { "\(reason): \($0)" } ?? reason)])
                + "/>\n    </testcase>\n"
        default:
            return head + (task.isCached ? ">\n      <system-out>cached</system-out>\n    </testcase>\n" : "/>\n")
        }
    }

    /// The failure's cause (`FailureSummary.message`), led by the exit code unless it already names it.
    static func failureMessage(_ task: TaskRecord, cause: String) -> String {
        guard let code = task.exitCode, !cause.contains("code \(code)") else { return cause }
        return "exit code \(code): " + cause
    }

    /// ` a="v" b="w"` with escaped values.
    static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(Markup.escape($0.1))\"" }.joined()
    }

    /// Seconds with three decimals ("0.000" when unknown).
    static func seconds(_ value: Double?) -> String { String(format: "%.3f", value ?? 0) }

    /// `yyyy-MM-ddTHH:mm:ss` in UTC, the form the JUnit schema's timestamp accepts.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return formatter.string(from: date)
    }
}
