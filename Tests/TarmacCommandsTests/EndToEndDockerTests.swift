import Foundation
import Testing

// The docker runner through the real docker CLI against podman's Docker API (EndToEndDockerSupport):
// a whole example, exit codes, out-of-memory, a missing image, labels and Ctrl-C clean-up, and a
// pipeline root containing ':' with both engines. GPUs: the argv is unit-tested (ContainerInvocationTests).

@Suite("End-to-end: docker CLI (podman's Docker API)", .enabled(if: Docker.enabled, "needs podman and the docker CLI"))
struct EndToEndDockerTests {
    @Test("example 01 through the docker CLI: the same report as on the host, no container left")
    func example() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await Podman.limited { await Docker.run("examples/01-shell-components/pipeline.yaml", store: isolatedStore("docker-01")) }
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        #expect(run.artifact("report")?.text == EndToEndExampleTests.report(footerB: "(none)"), run.diagnostics)
        #expect(!(await run.logs("shout")).contains("Emulate Docker CLI"), "podman-docker ran instead of the docker CLI")
        #expect(try await Docker.containers(ofRun: run.runID) == [], "containers of \(run.runID) were left behind")
    }

    @Test("the command's exit code passes through (podman's Docker API reports 0 for a --rm container)")
    func exitCode() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let yaml = try await FixturePipelines.shared.yaml("task-fails")
        let run = await Podman.limited { await Docker.run(yaml, ["--param", "code=42"], store: isolatedStore("docker-exit")) }
        #expect(run.code == 1, run.diagnostics)
        #expect(run.task("fail")?.state == "FAILED" && run.task("fail")?.exitCode == 42, run.diagnostics)
        #expect(run.task("fail")?.error == "exited with code 42", run.diagnostics)
        #expect((await run.logs("fail")).contains("failing with 42"))
        #expect(try await Docker.containers(ofRun: run.runID) == [], "containers of \(run.runID) were left behind")
    }

    @Test("a memory limit that is too small: out of memory, exit code 137")
    func outOfMemory() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let yaml = try await FixturePipelines.shared.yaml("memory-hog")
        let run = await Podman.limited { await Docker.run(yaml, store: isolatedStore("docker-oom")) }
        let hog = try #require(run.task("hog"), run.diagnostics)
        #expect(hog.state == "FAILED" && hog.exitCode == 137, run.diagnostics)
        #expect(hog.error?.contains("out of memory") == true && hog.error?.contains("16000000 bytes") == true, run.diagnostics)
        #expect(try await Docker.containers(ofRun: run.runID) == [], "containers of \(run.runID) were left behind")
    }

    @Test("an image that does not exist: the task names it, with docker's own error")
    func missingImage() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let yaml = try await FixturePipelines.shared.yaml("missing-image")
        let run = await Podman.limited { await Docker.run(yaml, store: isolatedStore("docker-missing")) }
        #expect(run.code == 1, run.diagnostics)
        let error = try #require(run.task("absent")?.error, run.diagnostics)
        #expect(error.contains("image 'localhost/tarmac-no-such-image:0.0' cannot be found"), Comment(rawValue: error))
        #expect(error.contains("docker: ") && error.contains("image not known"), Comment(rawValue: error))
    }

    @Test("--inherit-proxy through docker (which, unlike podman, copies no proxy variable itself): pip install succeeds")
    func inheritProxy() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let yaml = try await FixturePipelines.shared.yaml("pip-install")
        let run = await Podman.limited {
            await Docker.run(yaml, ["--inherit-proxy", "--network", "host"], store: isolatedStore("docker-proxy"))
        }
        #expect(run.code == 0 && run.task("install")?.state == "SUCCEEDED", run.diagnostics)
        #expect((await run.logs("install")).contains("installed "), run.diagnostics)
        #expect(try await Docker.containers(ofRun: run.runID) == [], "containers of \(run.runID) were left behind")
    }

    @Test("labels and Ctrl-C: both containers carry tarmac.run=<run>; SIGINT removes them (docker ps -a shows none), exit 130")
    func interrupt() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let yaml = try await FixturePipelines.shared.yaml("sleeper")
        let store = isolatedStore("docker-interrupt")
        let sleepers = try await SleeperRun.start(yaml: yaml, store: store, marker: "tarmac-docker-sleeper", runner: "docker",
                                                  environment: try Docker.environment()) { run in
            try await Docker.containers(ofRun: run, all: false).count
        }
        let run = sleepers.runID
        let (stopped, stderr) = try await sleepers.interrupt(waiting: 60)
        #expect(stopped, "tarmac did not exit within 60 s of SIGINT")
        #expect(sleepers.process.terminationStatus == 130, Comment(rawValue: stderr))
        #expect(try await Docker.containers(ofRun: run) == [], "containers survived the interrupt")
    }
}

/// Issue 17.11: a pipeline root with a ':' (which `--volume H:C` cannot express) works in containers.
@Suite("End-to-end: a pipeline root containing ':'", .enabled(if: Docker.enabled, "needs podman and the docker CLI"))
struct EndToEndColonRootTests {
    @Test("example 01 with --pipeline-root …/root:1, in podman and through the docker CLI")
    func colonInPipelineRoot() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let root = E2E.scratchDirectory("colon") + "/root:1"
        let podman = await Podman.limited {
            await runPipeline("examples/01-shell-components/pipeline.yaml",
                              ["--runner", "podman", "--pull", "never", "--pipeline-root", root + "/podman"])
        }
        #expect(podman.code == 0 && podman.state == "SUCCEEDED", podman.diagnostics)
        #expect(podman.artifact("report")?.text == EndToEndExampleTests.report(footerB: "(none)"), podman.diagnostics)
        #expect(podman.artifact("report")?.path.hasPrefix(root + "/podman/") == true, podman.diagnostics)
        let docker = await Podman.limited {
            await Docker.run("examples/01-shell-components/pipeline.yaml", ["--pipeline-root", root + "/docker"],
                                 store: isolatedStore("docker-colon"))
        }
        #expect(docker.code == 0 && docker.state == "SUCCEEDED", docker.diagnostics)
        #expect(docker.artifact("report")?.text == EndToEndExampleTests.report(footerB: "(none)"), docker.diagnostics)
    }
}
