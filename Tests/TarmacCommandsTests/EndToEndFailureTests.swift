import Basics
import Foundation
import Testing

// Failure paths, end to end: small pipelines under Tests/Fixtures/pipelines/<name>/pipeline.py, compiled by
// the real KFP compiler at test time (FixturePipelines), run by `tarmac run`. Each test checks the run
// state, the exit code, every task's state and the error text (ir-semantics §6).

@Suite("End-to-end: failure paths",
       .enabled(if: E2E.compilerTestsEnabled, "needs the KFP compiler venv (scripts/compile-examples makes it)"))
struct EndToEndFailureTests {
    @Test("a non-zero exit fails the task; its dependent and a not-yet-started independent task are NOT_RUN")
    func taskExitsNonZero() async throws {
        let run = await runPipeline(try await FixturePipelines.shared.yaml("task-fails"), ["--max-parallel", "4"])
        #expect(run.code == 1 && run.state == "FAILED", run.diagnostics)
        // `gate` was already running (sleep 2) when `fail` failed: it finishes. `after-gate` (key echo-2) waits
        // for gate and is not started because of fail-fast (§6.2 rule 3); `after-fail` (key echo) because its
        // dependency failed.
        #expect(run.states == ["fail": "FAILED", "gate": "SUCCEEDED", "echo": "NOT_RUN", "echo-2": "NOT_RUN"], run.diagnostics)
        let failed = try #require(run.task("fail"))
        #expect(failed.exitCode == 3 && failed.attempts == 1)
        #expect(failed.error == "exited with code 3")
        #expect(run.task("echo-2")?.error?.contains("fail-fast") == true, run.diagnostics)
        #expect(run.task("echo")?.exitCode == nil && run.task("echo")?.attempts == 0)
        #expect(await run.logs("fail").contains("failing with 3"))
    }

    @Test("a component that exits 0 but writes invalid JSON to its executor output file fails")
    func invalidExecutorOutput() async throws {
        let run = await runPipeline(try await FixturePipelines.shared.yaml("bad-executor-output"))
        #expect(run.code == 1 && run.state == "FAILED", run.diagnostics)
        #expect(run.states == ["garbage": "FAILED", "consume": "NOT_RUN"], run.diagnostics)
        let task = try #require(run.task("garbage"))
        #expect(task.exitCode == 0)
        #expect(task.error?.contains("executor_output.json is not valid JSON") == true, run.diagnostics)
    }

    @Test("a component that never writes its declared OutputPath fails with the missing output named")
    func missingOutput() async throws {
        let run = await runPipeline(try await FixturePipelines.shared.yaml("missing-output"))
        #expect(run.code == 1 && run.state == "FAILED", run.diagnostics)
        #expect(run.states == ["forgetful": "FAILED", "consume": "NOT_RUN"], run.diagnostics)
        let task = try #require(run.task("forgetful"))
        #expect(task.exitCode == 0)
        #expect(task.error?.contains("output parameter 'value' was not produced") == true, run.diagnostics)
    }

    @Test("a wrong-typed run parameter is invalid input (exit 65) and nothing runs")
    func wrongTypedParameter() async throws {
        let path = try await FixturePipelines.shared.yaml("required-param")
        let run = await runPipeline(path, ["--param", "name=x", "--param", "n=abc"])
        #expect(run.code == 65, run.diagnostics)
        #expect(run.stdout.isEmpty, "no run document for invalid input")
        #expect(run.stderr.contains("tarmac: error: run parameter 'n' must be a number (NUMBER_INTEGER), got a string: \"abc\""),
                run.diagnostics)
        #expect(run.stderr.contains("at --param n"))
    }

    @Test("a missing required run parameter is invalid input (exit 65) with a hint")
    func missingRequiredParameter() async throws {
        let path = try await FixturePipelines.shared.yaml("required-param")
        let run = await runPipeline(path)
        #expect(run.code == 65, run.diagnostics)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("tarmac: error: missing required run parameter 'name' (STRING)"), run.diagnostics)
        #expect(run.stderr.contains("root.inputDefinitions.parameters[\"name\"]"))
        #expect(run.stderr.contains("hint: pass it with --param name=VALUE"))
    }

    @Test("the required parameter given: the same pipeline succeeds")
    func requiredParameterGiven() async throws {
        let run = await runPipeline(try await FixturePipelines.shared.yaml("required-param"), ["--param", "name=x", "--param", "n=2"])
        #expect(run.code == 0 && run.state == "SUCCEEDED" && run.states == ["echo": "SUCCEEDED"], run.diagnostics)
        #expect(await run.logs("echo").contains("x 2"))
    }

    @Test("a retried task that succeeds on its third attempt: attempts 3, KFP_RETRY_INDEX 0, 1, 2")
    func retrySucceedsOnThirdAttempt() async throws {
        let state = E2E.scratchDirectory("retry-succeeds")
        let run = await runPipeline(try await FixturePipelines.shared.yaml("retry-succeeds"), ["--param", "state_dir=\(state)"])
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        #expect(run.states == ["flaky": "SUCCEEDED"], run.diagnostics)
        let task = try #require(run.task("flaky"))
        #expect(task.attempts == 3 && task.exitCode == 0 && task.error == nil, run.diagnostics)
        #expect(try String(contentsOfFile: state + "/attempts", encoding: .utf8) == "0\n1\n2\n")
        #expect(run.parameters == ["Output": "succeeded on attempt 3"], run.diagnostics)
    }

    @Test("a retried task that always fails: 3 attempts (2 retries), FAILED, its consumer NOT_RUN")
    func retryExhausted() async throws {
        let state = E2E.scratchDirectory("retry-exhausts")
        let run = await runPipeline(try await FixturePipelines.shared.yaml("retry-exhausts"), ["--param", "state_dir=\(state)"])
        #expect(run.code == 1 && run.state == "FAILED", run.diagnostics)
        #expect(run.states == ["always-fails": "FAILED", "consume": "NOT_RUN"], run.diagnostics)
        let task = try #require(run.task("always-fails"))
        #expect(task.attempts == 3 && task.exitCode == 5 && task.error == "exited with code 5", run.diagnostics)
        #expect(try String(contentsOfFile: state + "/attempts", encoding: .utf8) == "0\n1\n2\n")
    }

    @Test("a loop over a string that is not a JSON array fails the loop task")
    func loopOverNonList() async throws {
        let run = await runPipeline(try await FixturePipelines.shared.yaml("loop-over-string"))
        #expect(run.code == 1 && run.state == "FAILED", run.diagnostics)
        #expect(run.states == ["for-loop-1": "FAILED", "for-loop-1[0]/for-loop-2": "FAILED"], run.diagnostics)
        let loop = try #require(run.task("for-loop-1[0]/for-loop-2"))
        #expect(loop.error?.contains("must be a list, got a string: \"abc\"") == true, run.diagnostics)
    }

    @Test("a loop over a string holding a JSON array iterates over its elements (§4.2.4)")
    func loopOverJSONArrayString() async throws {
        let path = try await FixturePipelines.shared.yaml("loop-over-string")
        let run = await runPipeline(path, ["--param", #"groups=[{"members": "[\"a\", \"b\"]"}]"#])
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        #expect(run.states == ["for-loop-1": "SUCCEEDED", "for-loop-1[0]/for-loop-2": "SUCCEEDED",
                               "for-loop-1[0]/for-loop-2[0]/echo": "SUCCEEDED",
                               "for-loop-1[0]/for-loop-2[1]/echo": "SUCCEEDED"], run.diagnostics)
        #expect(await run.logs("for-loop-1[0]/for-loop-2[1]/echo").contains("b"))
    }

    @Test("a condition on an absent input (optional parameter without value) fails the group, not skips it")
    func conditionOnMissingInput() async throws {
        let run = await runPipeline(try await FixturePipelines.shared.yaml("condition-missing-input"))
        #expect(run.code == 1 && run.state == "FAILED", run.diagnostics)
        #expect(run.states == ["condition-1": "FAILED"], run.diagnostics)
        #expect(run.task("condition-1")?.error?.contains("'pipelinechannel--mode'") == true, run.diagnostics)
        #expect(run.task("condition-1")?.error?.contains("null") == true, run.diagnostics)
    }

    @Test("the same condition with the input given runs the branch")
    func conditionWithInput() async throws {
        let run = await runPipeline(try await FixturePipelines.shared.yaml("condition-missing-input"), ["--param", "mode=go"])
        #expect(run.code == 0 && run.states == ["condition-1": "SUCCEEDED", "condition-1/echo": "SUCCEEDED"], run.diagnostics)
    }

    @Test("parallel runs share one store: four runs at once all succeed and are all recorded")
    func parallelRunsShareAStore() async throws {
        let path = try await FixturePipelines.shared.yaml("required-param")
        let runs = await withTaskGroup(of: PipelineRun.self) { group in
            for index in 0..<4 { group.addTask { await runPipeline(path, ["--param", "name=parallel-\(index)"]) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        for run in runs { #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics) }
        #expect(Set(runs.map(\.runID)).count == 4)
        let listed = await tarmacOffThread(["runs", "list", "--store", E2E.store, "--pipeline", "required-param", "--limit", "1000"])
        #expect(listed.code == 0, Comment(rawValue: listed.stderr))
        for run in runs { #expect(listed.stdout.contains(run.runID.prefix(8)), Comment(rawValue: listed.stdout)) }
    }

    @Test("progress and warnings of an in-process run reach the captured stderr")
    func diagnosticsAreCaptured() async throws {
        let run = await runPipeline(try await FixturePipelines.shared.yaml("task-fails"))
        #expect(run.code == 1, run.diagnostics)
        // The closing line is written by the command itself, on the calling thread.
        #expect(run.stderr.contains(" FAILED in ") && run.stderr.contains("1 failed, 2 not run\n  failed: fail"), run.diagnostics)
        // The FAILED progress line comes from the scheduler's queue; ConsoleEvents keeps the capture it was made under.
        #expect(run.stderr.contains("FAILED    fail: exited with code 3"), run.diagnostics)
    }
}
