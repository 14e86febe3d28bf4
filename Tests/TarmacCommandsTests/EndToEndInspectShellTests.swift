import Basics
import Foundation
import Testing

// `tarmac inspect RUN TASK` and `tarmac shell RUN TASK` on real runs of the examples: the launch record each
// container task leaves in the store is shown, and a shell with the task's environment reruns it by hand.

@Suite("End-to-end: inspect and shell", .enabled(if: E2E.pythonTestsEnabled, "needs python3 (Lightweight Python components)"))
struct EndToEndInspectShellTests {
    @Test("inspect: the exact command, the environment beyond the caller's, the executor input, the paths")
    func inspectPythonTask() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await SharedRuns.shared.example("10-task-settings")
        try #require(run.task("read-env")?.state == "SUCCEEDED", run.diagnostics)
        let result = await tarmacOffThread(["inspect", run.runID, "read-env", "--store", E2E.store])
        #expect(result.code == 0, Comment(rawValue: result.stderr))
        let text = result.stdout
        let directory = run.taskDirectory("read-env")
        #expect(text.hasPrefix("task: read-env (SUCCEEDED, exit code 0, attempt 1 of 1)\nrun: \(run.runID) (pipeline task-settings)\n"
                               + "directory: \(directory)\nlog: \(directory)/attempt-0.log\nimage: python:3.11-slim\ncommand:\n  sh -ec "),
                Comment(rawValue: text))
        #expect(text.contains(" --executor_input '{\"inputs\":{\"artifacts\":{},\"parameterValues\":{\"names\":[\"GREETING\","),
                Comment(rawValue: text))
        #expect(text.contains("\n  GREETING=hello\n") && text.contains("\n  TARMAC_MODE=demo\n"), Comment(rawValue: text))
        #expect(text.contains("\n  TMPDIR=\((directory as NSString).deletingLastPathComponent)/.tmp\n") && text.contains("\n  VIRTUAL_ENV="), Comment(rawValue: text))
        #expect(!text.contains("\n  HOME="), "the caller's own variables are not the task's")
        #expect(text.contains("executor input:\n{\n  \"inputs\": {\n    \"artifacts\": {},\n    \"parameterValues\": {\n      \"names\": [\n        \"GREETING\","),
                Comment(rawValue: text))
        let json = await tarmacOffThread(["inspect", String(run.runID.prefix(8)), "read-env", "--store", E2E.store, "--json"])
        let document = try JSONValue.parse(json.stdout)
        #expect(document["environment"]?["GREETING"] == "hello")
        #expect(document["argv"]?.arrayValue?.first == "sh")
    }

    @Test("shell --command: runs in the task directory with the task's venv; rerun.sh reruns the component")
    func shellReruns() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await SharedRuns.shared.example("10-task-settings")
        let directory = run.taskDirectory("read-env")
        let script = #"pwd; echo "venv=$VIRTUAL_ENV"; echo "greeting=$GREETING"; rm executor_output.json; ./rerun.sh > rerun.log 2>&1; echo "rerun=$?"; cat executor_output.json"#
        let result = await tarmacOffThread(["shell", run.runID, "read-env", "--store", E2E.store, "--command", script])
        #expect(result.code == 0, Comment(rawValue: result.stderr + result.stdout))
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
                == URL(fileURLWithPath: directory).resolvingSymlinksInPath().path, Comment(rawValue: result.stdout))
        #expect(lines.contains { $0.hasPrefix("venv=/") && $0.hasSuffix("") } && lines.contains("greeting=hello"), Comment(rawValue: result.stdout))
        #expect(lines.contains("rerun=0"), Comment(rawValue: result.stdout + ((try? String(contentsOfFile: directory + "/rerun.log", encoding: .utf8)) ?? "")))
        #expect(result.stdout.contains(#""GREETING": "hello""#) || result.stdout.contains(#""GREETING":"hello""#), Comment(rawValue: result.stdout))
        #expect(result.stderr.contains("rerun the component: ./rerun.sh"), Comment(rawValue: result.stderr))
        let input = try String(contentsOfFile: directory + "/executor_input.json", encoding: .utf8)
        #expect(try JSONValue.parse(input)["inputs"]?["parameterValues"]?["names"]?.arrayValue?.count == 3)
    }

    @Test("shell on a container component, through the real binary (exec): the exit status is the command's")
    func shellContainerComponent() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await SharedRuns.shared.example("01-shell-components")
        try #require(run.task("shout")?.state == "SUCCEEDED", run.diagnostics)
        let rerun = await runProcess([TerminalSession.binary, "shell", run.runID, "shout", "--store", E2E.store,
                                      "--command", "./rerun.sh > /dev/null && echo rerun-ok && exit 7"], in: Repo.root.path)
        #expect(rerun.code == 7, Comment(rawValue: rerun.stderr))
        #expect(rerun.stdout == "rerun-ok\n", Comment(rawValue: rerun.stdout + rerun.stderr))
        let inProcess = await tarmacOffThread(["shell", run.runID, "shout", "--store", E2E.store, "--command", "exit 3"])
        #expect(inProcess.code == 3)
    }

    @Test("shell without --command is an interactive shell in a terminal: typed commands run in the task directory")
    func interactiveShell() async throws {
        try Repo.requireRootIsCurrentDirectory()
        try #require(TerminalSession.available, "needs tmux and script (scripts/install-deps)")
        let run = await SharedRuns.shared.example("01-shell-components")
        try #require(run.task("shout")?.state == "SUCCEEDED", run.diagnostics)
        let typed = #"echo "in=$(pwd)"; ./rerun.sh > /dev/null 2>&1; echo "rerun=$?"; exit 4"#
        let screen = try await TerminalSession.run(["shell", run.runID, "shout", "--store", E2E.store],
                                                   environment: ["SHELL": "/bin/sh"], timeout: 120,
                                                   typed: typed, after: "rerun the component: ./rerun.sh")
        #expect(screen.exitCode == 4, "the shell's exit status passes through: \(screen.text)")
        #expect(screen.text.contains("in=\(run.taskDirectory("shout"))"), Comment(rawValue: screen.text))
        #expect(screen.text.contains("rerun=0"), Comment(rawValue: screen.text))
    }

    @Test("inspect of a failed task shows its exit code; tasks that never launched and unknown tasks are errors")
    func inspectErrors() async throws {
        let run = await runPipeline(try await FixturePipelines.shared.yaml("task-fails"), ["--max-parallel", "1"])
        #expect(run.code == 1, run.diagnostics)
        let failed = await tarmacOffThread(["inspect", run.runID, "fail", "--store", E2E.store])
        #expect(failed.stdout.hasPrefix("task: fail (FAILED, exit code 3, attempt 1 of 1)\n"), Comment(rawValue: failed.stdout + failed.stderr))
        #expect(failed.stdout.contains("command:\n  sh -c 'echo \"failing with $0\" >&2; exit \"$0\"' 3\n"), Comment(rawValue: failed.stdout))
        let never = await tarmacOffThread(["inspect", run.runID, "echo", "--store", E2E.store])
        #expect(never.code == 65)
        #expect(never.stderr.hasPrefix("tarmac: error: task 'echo' of run \(run.runID.prefix(8)) never launched a process (state NOT_RUN)\n"),
                Comment(rawValue: never.stderr))
        let unknown = await tarmacOffThread(["shell", run.runID, "nope", "--store", E2E.store, "--command", "true"])
        #expect(unknown.code == 65)
        #expect(unknown.stderr.hasPrefix("tarmac: error: run \(run.runID.prefix(8)) has no task 'nope'\n  at nope\n  hint: its tasks: "),
                Comment(rawValue: unknown.stderr))
        let logs = await tarmacOffThread(["logs", run.runID, "nope", "--store", E2E.store])
        #expect(logs.code == 65)
        #expect(logs.stderr.hasPrefix("tarmac: error: run \(run.runID.prefix(8)) has no task 'nope'\n  at nope\n  hint: its tasks: "),
                Comment(rawValue: logs.stderr))
    }
}
