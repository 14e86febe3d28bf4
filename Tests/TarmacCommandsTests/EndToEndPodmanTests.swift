import Basics
import Foundation
import RunDatabase
import Testing

// The container runner for real: every example in its image under podman, checked against the same
// example run as subprocesses (same task states, same pipeline outputs), plus the container-only
// behaviour: kfp-kubernetes secrets and PVCs, out-of-memory, a missing image, exit codes.

@Suite("End-to-end: podman", .enabled(if: Podman.enabled, "needs a working podman (scripts/install-podman)"))
struct EndToEndPodmanTests {
    static let examples = ["01-shell-components", "02-python-types", "03-ml-pipeline", "04-conditions", "05-parallel-for",
                           "06-nested-pipeline", "07-exit-handler", "08-oneof", "09-importer", "10-task-settings",
                           "11-kubernetes", "12-placeholders"]

    /// Options an example needs to succeed (09's second importer reads a gs:// URI), on the host too.
    static func needs(_ example: String) -> [String] {
        example == "09-importer" ? ["--uri-map", "gs://tarmac-examples=examples/09-importer/data"] : []
    }

    @Test("every example succeeds in its images, with the same states and outputs as on the host", arguments: examples)
    func exampleInPodman(_ example: String) async throws {
        try Repo.requireRootIsCurrentDirectory()
        let contained = await Podman.limited { await SharedRuns.shared.example(example, options: Self.needs(example) + Podman.options) }
        #expect(contained.code == 0 && contained.state == "SUCCEEDED", contained.diagnostics)
        let host = await SharedRuns.shared.example(example, options: Self.needs(example))
        #expect(contained.states == host.states, contained.diagnostics)
        #expect(contained.parameters == host.parameters, contained.diagnostics)
        #expect(contained.artifacts.keys.sorted() == host.artifacts.keys.sorted(), contained.diagnostics)
        #expect(await Podman.containers(named: contained.runID).isEmpty, "containers of \(contained.runID) were left behind")
    }

    @Test("01 in busybox: Concat and IfPresent placeholders write the expected report")
    func placeholdersInBusybox() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await Podman.limited { await SharedRuns.shared.example("01-shell-components", options: Podman.options) }
        #expect(run.artifact("report")?.text == EndToEndExampleTests.report(footerB: "(none)"), run.diagnostics)
        let footer = await Podman.limited { await SharedRuns.shared.example("01-shell-components", ["footer=bye"], options: Podman.options) }
        #expect(footer.artifact("report")?.text == EndToEndExampleTests.report(footerB: "bye"), footer.diagnostics)
    }

    @Test("12 in busybox: job and task placeholders in a container component's args")
    func jobPlaceholdersInBusybox() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await Podman.limited { await SharedRuns.shared.example("12-placeholders", options: Podman.options) }
        #expect(run.code == 0, run.diagnostics)
        let info = try #require(run.task("run-info"), run.diagnostics)
        #expect(info.state == "SUCCEEDED")
        let text = (try? String(contentsOfFile: run.taskDirectory("run-info") + "/info", encoding: .utf8)) ?? ""
        #expect(text.contains("label=after Hello") && text.contains("job=\(run.pipeline)") && text.contains("task=run-info"),
                Comment(rawValue: text))
    }

    @Test("11 kfp-kubernetes: the secret as env from --secrets-dir, the PVC file from the previous task; the secret is stored nowhere")
    func kubernetesSecretsAndVolumes() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let secrets = E2E.scratchDirectory("secrets")
        let secretValue = "tarmac-secret-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: secrets + "/tarmac-demo-credentials", withIntermediateDirectories: true)
        try secretValue.write(toFile: secrets + "/tarmac-demo-credentials/token", atomically: true, encoding: .utf8)
        let junit = E2E.scratchDirectory("secret-junit") + "/junit.xml"
        let run = await Podman.limited {
            await runPipeline("examples/11-kubernetes/pipeline.yaml", Podman.options + ["--secrets-dir", secrets, "--junit", junit])
        }
        #expect(run.code == 0, run.diagnostics)
        #expect(run.returned("check-secret") == "set", run.diagnostics)
        #expect(run.parameters == ["Output": "written by write-shared"], run.diagnostics)
        let shared = E2E.store + "/volumes/tarmac-shared-data/handoff/message.txt"
        #expect((try? String(contentsOfFile: shared, encoding: .utf8)) == "written by write-shared\n")
        #expect(run.stderr.contains("ignored on one machine: kubernetes nodeSelector, podMetadata, tolerations"), run.diagnostics)
        #expect(!run.stderr.contains("cannot mount volumes"), run.diagnostics)
        // Never logged, never stored: not in the output, the task logs or any file of the store's database.
        #expect(!run.stdout.contains(secretValue) && !run.stderr.contains(secretValue))
        #expect(!(await run.logs("check-secret")).contains(secretValue))
        for suffix in ["", "-wal", "-shm"] {
            let path = E2E.store + "/tarmac.sqlite" + suffix
            #expect(!FileManager.default.fileExists(atPath: path) || !LeakCheck.contains(path, Data(secretValue.utf8)),
                    "the secret is in tarmac.sqlite\(suffix)")
        }
        // Nor in the JUnit file, the HTML report, `inspect`, or any file of the run's directory.
        let report = E2E.scratchDirectory("secret-report") + "/report.html"
        #expect(await tarmacOffThread(["report", run.runID, "--store", E2E.store, "-o", report]).code == 0)
        let inspected = await tarmacOffThread(["inspect", run.runID, "check-secret", "--store", E2E.store])
        var check = LeakCheck(texts: ["inspect": inspected.stdout + inspected.stderr, "stdout": run.stdout, "stderr": run.stderr])
        check.roots = [(junit as NSString).deletingLastPathComponent, (report as NSString).deletingLastPathComponent,
                       E2E.store + "/artifacts/kubernetes-features/" + run.runID]
        #expect(FileManager.default.fileExists(atPath: check.roots[2] + "/check-secret/attempt-0.log"), "the run directory was searched")
        #expect(check.places(containing: secretValue) == [], "the secret leaked")
        #expect(FileManager.default.fileExists(atPath: report) && FileManager.default.fileExists(atPath: junit))
    }

    @Test("11 without the secret: the optional secret is unset; with the subprocess runner, --secrets-dir works too")
    func kubernetesSecretOnTheHost() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let unset = await Podman.limited { await SharedRuns.shared.example("11-kubernetes", options: Podman.options) }
        #expect(unset.returned("check-secret") == "unset", unset.diagnostics)
        let secrets = E2E.scratchDirectory("host-secrets")
        try FileManager.default.createDirectory(atPath: secrets + "/tarmac-demo-credentials", withIntermediateDirectories: true)
        let hostSecret = "tarmac-host-secret-\(UUID().uuidString)"
        try hostSecret.write(toFile: secrets + "/tarmac-demo-credentials/token", atomically: true, encoding: .utf8)
        let host = await runPipeline("examples/11-kubernetes/pipeline.yaml",
                                     ["--runner", "subprocess", "--secrets-dir", secrets])
        #expect(host.returned("check-secret") == "set", host.diagnostics)
        // On the host the secret is in the task's environment: its invocation record names it, without its value.
        var check = LeakCheck(texts: ["stdout": host.stdout, "stderr": host.stderr])
        check.roots = [E2E.store + "/artifacts/kubernetes-features/" + host.runID]
        let record = (try? RunStore(path: E2E.store + "/tarmac.sqlite").invocationJSON(runID: host.runID, task: "check-secret")) ?? nil ?? ""
        #expect(record.contains("<secret: not recorded>"), "\(record.prefix(400))")
        #expect(check.places(containing: hostSecret) == [], "the secret leaked")
    }

    @Test("a memory limit that is too small fails the task with an out-of-memory message")
    func outOfMemory() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let yaml = try await FixturePipelines.shared.yaml("memory-hog")
        let run = await Podman.limited { await runPipeline(yaml, Podman.options) }
        #expect(run.code == 1 && run.state == "FAILED", run.diagnostics)
        let hog = try #require(run.task("hog"), run.diagnostics)
        #expect(hog.state == "FAILED" && hog.exitCode == 137, run.diagnostics)
        #expect(hog.error?.contains("out of memory") == true, run.diagnostics)
        #expect(hog.error?.contains("16000000 bytes") == true, run.diagnostics)
    }

    @Test("an image that does not exist fails the task naming the image, with podman's own error")
    func missingImage() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let yaml = try await FixturePipelines.shared.yaml("missing-image")
        let run = await Podman.limited { await runPipeline(yaml, Podman.options) }
        #expect(run.code == 1, run.diagnostics)
        let error = try #require(run.task("absent")?.error, run.diagnostics)
        #expect(error.contains("image 'localhost/tarmac-no-such-image:0.0' cannot be found"), Comment(rawValue: error))
        #expect(error.contains("Error: localhost/tarmac-no-such-image:0.0: image not known"), Comment(rawValue: error))
        #expect(error.contains("pull policy never"), Comment(rawValue: error))
    }

    @Test("activeDeadlineSeconds (set_timeout 2 s) fails the task as timed out and removes its container; on the host too")
    func deadline() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let yaml = try await FixturePipelines.shared.yaml("deadline")
        for runner in [Podman.options, ["--runner", "subprocess"]] {
            let (run, seconds) = await Podman.limited { () -> (PipelineRun, Double) in
                let started = Date()
                let run = await runPipeline(yaml, runner)
                return (run, Date().timeIntervalSince(started))
            }
            #expect(run.code == 1 && run.task("slow")?.state == "FAILED", run.diagnostics)
            #expect(run.task("slow")?.error?.hasPrefix("timed out after") == true, run.diagnostics)
            #expect(seconds < 300, "the 600 s task was not stopped at its 2 s deadline: \(seconds) s")
            #expect(await Podman.containers(named: run.runID) == [], "the container outlived its deadline")
        }
    }

    @Test("the command's exit code passes through the engine")
    func exitCodePassesThrough() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let yaml = try await FixturePipelines.shared.yaml("task-fails")
        let run = await Podman.limited { await runPipeline(yaml, Podman.options + ["--param", "code=42"]) }
        #expect(run.code == 1, run.diagnostics)
        #expect(run.task("fail")?.exitCode == 42, run.diagnostics)
        #expect(run.task("fail")?.error == "exited with code 42", run.diagnostics)
        #expect((await run.logs("fail")).contains("failing with 42"))
    }

    @Test("shell on a task that ran in a container opens the same image with the task directory, where rerun.sh reruns it")
    func shellInTheTaskContainer() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let store = isolatedStore("podman-shell")
        let run = await Podman.limited { await runPipeline("examples/01-shell-components/pipeline.yaml", Podman.options + ["--store", store]) }
        #expect(run.code == 0, run.diagnostics)
        let script = "test -e /run/.containerenv && echo in-container; pwd; ./rerun.sh > /dev/null 2>&1; echo rerun=$?"
        let shell = await runProcess([TerminalSession.binary, "shell", run.runID, "shout", "--store", store, "--command", script],
                                     in: Repo.root.path)
        #expect(shell.code == 0, "\(shell.stdout)\(shell.stderr)")
        #expect(shell.stdout == "in-container\n\(run.taskDirectory("shout"))\nrerun=0\n", "\(shell.stdout)\(shell.stderr)")
        #expect(shell.stderr.contains("in its container (podman, docker.io/library/busybox:1.36)"), "\(shell.stderr)")
        let failing = await runProcess([TerminalSession.binary, "shell", run.runID, "shout", "--store", store, "--command", "exit 7"],
                                       in: Repo.root.path)
        #expect(failing.code == 7, "the shell's exit status passes through: \(failing.stderr)")
        #expect(await Podman.containers(named: run.runID) == [], "the shell containers are removed")
    }

    @Test("--runner-for runs one task on the host and the others in containers")
    func perTaskRunner() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await Podman.limited {
            await runPipeline("examples/01-shell-components/pipeline.yaml", Podman.options + ["--runner-for", "shout=subprocess"])
        }
        #expect(run.code == 0, run.diagnostics)
        #expect(run.artifact("report")?.text == EndToEndExampleTests.report(footerB: "(none)"), run.diagnostics)
    }
}
