import Basics
import Foundation
import Reporting
import RunDatabase
import Testing

/// The failure text every view shares, on real logs (Tests/Fixtures/logs: a Lightweight Python component's
/// log from `examples/07-exit-handler` with `should_fail=true`, and pip's output for a package its index lacks).
@Suite("Failure summary")
struct FailureSummaryTests {
    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: Repo.root.appendingPathComponent("Tests/Fixtures/logs/\(name)"), encoding: .utf8)
    }

    @Test("a Python exception leads, with the user's frame; KFP's frames and the executor-input dump are left out")
    func pythonException() throws {
        let summary = FailureSummary.make(error: "exited with code 1", argv: nil, logPath: "/store/maybe-fail/attempt-0.log",
                                          logText: try Self.fixture("lightweight-python-exception.log"))
        #expect(summary.cause == [
            "RuntimeError: asked to fail while processing 'Hello exit handler'",
            "  File \"ephemeral_component.py\", line 9, in maybe_fail",
            "    raise RuntimeError(f'asked to fail while processing {text!r}')",
        ])
        #expect(summary.tail.isEmpty)
        #expect(summary.message == "RuntimeError: asked to fail while processing 'Hello exit handler'")
        #expect(summary.lines() == summary.cause + ["log: /store/maybe-fail/attempt-0.log"])
    }

    @Test("pip's error names the package; its progress lines are left out")
    func pipFailure() throws {
        let summary = FailureSummary.make(error: "exited with code 1", argv: nil, logPath: "/l", logText: try Self.fixture("pip-no-such-package.log"))
        #expect(summary.cause == [
            "pip could not install 'tarmac-no-such-package==1.0'",
            "ERROR: Could not find a version that satisfies the requirement tarmac-no-such-package==1.0 (from versions: none)",
            "ERROR: No matching distribution found for tarmac-no-such-package==1.0",
        ])
        #expect(summary.tail.isEmpty)
    }

    @Test("uv's error names the package (a real uv 0.13.9 log); a component's own `error:` line is not taken for uv")
    func uvFailure() throws {
        let summary = FailureSummary.make(error: "exited with code 1", argv: nil, logPath: "/l", logText: try Self.fixture("uv-no-such-package.log"))
        #expect(summary.cause == [
            "uv could not install 'tarmac-no-such-package==1.0'",
            "error: No solution found when resolving dependencies",
            "  cause: Because tarmac-no-such-package was not found in the package registry and you require "
                + "tarmac-no-such-package==1.0, we can conclude that your requirements are unsatisfiable.",
        ])
        #expect(summary.tail.isEmpty)
        let component = FailureSummary.make(error: "exited with code 2", argv: nil, logPath: "/l",
                                             logText: "starting\nerror: the input file is empty\n")
        #expect(!component.cause.contains { $0.hasPrefix("uv") })
        #expect(component.tail.contains("error: the input file is empty"))
    }

    @Test("a failed environment set-up on the host: one cause naming the package, the pip command, the environment log")
    func hostEnvironmentFailure() throws {
        let directory = NSTemporaryDirectory() + "/failure-summary-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/environment.log"
        try Self.fixture("pip-no-such-package.log").write(toFile: log, atomically: true, encoding: .utf8)
        let error = "`/store/envs/abc/bin/python -m pip install --no-input tarmac-no-such-package==1.0` failed (exit code 1); log: \(log)\n"
            + "  | ERROR: No matching distribution found for tarmac-no-such-package==1.0"
        let summary = FailureSummary.make(error: error, argv: nil, logPath: nil, logText: nil)
        #expect(summary.cause.first == "pip could not install 'tarmac-no-such-package==1.0'")
        #expect(summary.command == "/store/envs/abc/bin/python -m pip install --no-input tarmac-no-such-package==1.0")
        #expect(summary.logPath == log)
        #expect(summary.lines().filter { $0.contains("No matching distribution") }.count == 1, "told once")
    }

    @Test("other logs: the last non-empty lines; an error that says more than the exit code leads")
    func plainTail() {
        let log = (1...30).map { "line \($0)" }.joined(separator: "\n\n") + "\n"
        let summary = FailureSummary.make(error: "exited with code 3", argv: ["sh", "-c", "exit 3"], logPath: "/l", logText: log)
        #expect(summary.cause.isEmpty)
        #expect(summary.tail == (21...30).map { "line \($0)" })
        #expect(summary.message == "line 30")
        #expect(summary.lines() == (21...30).map { "  line \($0)" } + ["command: sh -c 'exit 3'", "log: /l"])
        let missing = FailureSummary.make(error: "output parameter 'value' was not produced", argv: nil, logPath: "/l", logText: "done\n")
        #expect(missing.cause == ["output parameter 'value' was not produced"] && missing.tail == ["done"])
        let silent = FailureSummary.make(error: "exited with code 3", argv: nil, logPath: "/l", logText: "")
        #expect(silent.cause == ["exited with code 3"] && silent.message == "exited with code 3")
    }

    @Test("the command is one line: long and multi-line arguments abbreviated, the exact one named")
    func oneLineCommand() {
        let source = "\nimport kfp\nfrom kfp import dsl\n" + String(repeating: "x = 1\n", count: 30)
        var summary = FailureSummary.make(error: "exited with code 1", argv: ["sh", "-ec", source, "--function_to_execute", "f"],
                                          logPath: nil, logText: "boom\n")
        summary.extraHints = ["a hint"]
        let lines = summary.lines(inspect: "tarmac inspect 01234567 t")
        #expect(lines == ["  boom", "command: sh -ec 'import kfp…(\(source.count) characters)' --function_to_execute f",
                          "exact command: tarmac inspect 01234567 t", "hint: a hint"])
    }

    @Test("a recorded task: its error and its last attempt's log")
    func recordedTask() throws {
        let directory = NSTemporaryDirectory() + "/failure-summary-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "first attempt\n".write(toFile: directory + "/attempt-0.log", atomically: true, encoding: .utf8)
        try Self.fixture("lightweight-python-exception.log").write(toFile: directory + "/attempt-1.log", atomically: true, encoding: .utf8)
        let logs = JSONValue.array([.string(directory + "/attempt-0.log"), .string(directory + "/attempt-1.log")]).canonicalJSON
        let task = TaskRecord(runID: "r", name: "t", displayName: "t", state: .failed, componentName: "c", exitCode: 1,
                              error: "exited with code 1", logsJSON: logs)
        let summary = FailureSummary.make(task)
        #expect(summary.message.hasPrefix("RuntimeError: asked to fail"))
        #expect(summary.logPath == directory + "/attempt-1.log")
    }
}

@Suite("Failure summary in the HTML report")
struct FailureSummaryReportTests {
    @Test("a failed task's panel is open and shows the failure summary; other panels stay closed")
    func failedPanelIsOpen() {
        let html = HTMLReport.render(sampleRun())
        // sampleRun: prep SUCCEEDED, train CACHED, eval FAILED with "exit code 3" and no log.
        #expect(html.contains("<details class=\"task\" id=\"task-2\" open><summary>"), Comment(rawValue: html))
        #expect(html.contains("<pre class=\"error failure\">exit code 3</pre>"))
        #expect(html.contains("<details class=\"task\" id=\"task-0\"><summary>"))
    }
}
