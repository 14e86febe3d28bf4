import Foundation
import Testing

// The real binary with podman: Ctrl-C removes every container, and the docker path of the runner
// (the same argv, another client) through podman's docker-compatible CLI (Debian's podman-docker).

@Suite("End-to-end: podman, real binary", .enabled(if: Podman.enabled, "needs a working podman (scripts/install-podman)"))
struct EndToEndPodmanBinaryTests {
    static var binary: String { EndToEndInterruptTests.binary }

    /// podman-docker's `docker` (a script that runs podman), installed by scripts/install-podman.
    static let podmanDocker = "/usr/bin/docker"

    /// The sleeper fixture in podman, once both of its containers run.
    static func startSleepers(yaml: String, store: String, marker: String) async throws -> SleeperRun {
        try await SleeperRun.start(yaml: yaml, store: store, marker: marker, runner: "podman") { run in
            await Podman.running(label: "tarmac.run=\(run)").count
        }
    }

    @Test("SIGINT removes every container of the run: podman ps -a shows none, exit 130")
    func interruptRemovesContainers() async throws {
        try Repo.requireRootIsCurrentDirectory()
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the tarmac product first (swift build --build-tests)")
        let yaml = try await FixturePipelines.shared.yaml("sleeper")
        let marker = "tarmac-podman-sleeper-\(UUID().uuidString.prefix(8))"
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("tarmac-int-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: store) }
        let sleepers = try await Self.startSleepers(yaml: yaml, store: store, marker: marker)
        let run = sleepers.runID
        let (stopped, stderr) = try await sleepers.interrupt(waiting: 30)
        #expect(stopped, "tarmac did not exit within 30 s of SIGINT")
        #expect(sleepers.process.terminationStatus == 130, Comment(rawValue: stderr))
        #expect(stderr.contains("CANCELED"), Comment(rawValue: stderr))
        // Tarmac removes the containers before it exits: nothing to wait for.
        #expect(await Podman.containers(named: run) == [], "containers survived the interrupt")
        #expect(EndToEndInterruptTests.processes(matching: marker) == [], "container processes survived the interrupt")
    }

    @Test("kill -9 of tarmac while containers run: the next tarmac command removes them and marks the run INTERRUPTED")
    func killedRunLeavesNoContainer() async throws {
        try Repo.requireRootIsCurrentDirectory()
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the tarmac product first (swift build --build-tests)")
        let yaml = try await FixturePipelines.shared.yaml("sleeper")
        let store = E2E.scratchDirectory("podman-killed")
        let sleepers = try await Self.startSleepers(yaml: yaml, store: store, marker: "tarmac-podman-killed")
        let run = sleepers.runID
        kill(sleepers.process.processIdentifier, SIGKILL)
        sleepers.process.waitUntilExit()
        #expect(await Podman.running(label: "tarmac.run=\(run)").count == 2, "containers outlive a SIGKILLed tarmac")
        let listed = await tarmacOffThread(["runs", "list", "--store", store])
        #expect(listed.stderr.contains("marked INTERRUPTED") && listed.stderr.contains("removed 2 of its containers"), "\(listed.stderr)")
        #expect(listed.stdout.contains("INTERRUPTED"), "\(listed.stdout)")
        #expect(await Podman.containers(named: run) == [], "containers of the killed run are left")
    }

    @Test("--runner docker with podman's docker-compatible CLI runs example 01 to the same report")
    func dockerPathThroughPodmanDocker() async throws {
        try Repo.requireRootIsCurrentDirectory()
        try #require(FileManager.default.isExecutableFile(atPath: Self.podmanDocker), "podman-docker is missing (scripts/install-podman installs it)")
        // A PATH where `docker` is podman-docker's (this machine's /usr/local/bin/docker is a client with no engine).
        let bin = E2E.scratchDirectory("docker-bin")
        try FileManager.default.createSymbolicLink(atPath: bin + "/docker", withDestinationPath: Self.podmanDocker)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        let store = E2E.scratchDirectory("docker-store")
        let result = await runProcess([Self.binary, "run", "examples/01-shell-components/pipeline.yaml", "--store", store,
                                       "--runner", "docker", "--pull", "never", "--json", "-q"],
                                      in: Repo.root.path, environment: environment)
        let run = PipelineRun(arguments: ["run", "--store", store], result: CommandResult(code: result.code, stdout: result.stdout, stderr: result.stderr))
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        let report = run.artifact("report").flatMap { try? String(contentsOfFile: $0.path, encoding: .utf8) }
        #expect(report == EndToEndExampleTests.report(footerB: "(none)"), run.diagnostics)
        let log = (try? String(contentsOfFile: store + "/artifacts/shell-components/\(run.runID)/shout/attempt-0.log", encoding: .utf8)) ?? ""
        #expect(log.contains("Emulate Docker CLI using podman"), "the task did not go through podman-docker: \(log)")
    }
}

/// `--runner auto` without any engine on PATH, and runner option errors.
@Suite("End-to-end: runner choice")
struct RunnerChoiceTests {
    @Test("auto with neither podman nor docker on PATH runs on the host, with a notice saying why")
    func autoFallsBackToSubprocess() async throws {
        try Repo.requireRootIsCurrentDirectory()
        try #require(FileManager.default.isExecutableFile(atPath: EndToEndInterruptTests.binary), "build the tarmac product first")
        // A PATH with only the tools example 01's shell scripts use.
        let bin = E2E.scratchDirectory("auto-bin")
        for tool in ["sh", "printf", "mkdir", "cat", "wc", "tr", "sed", "dirname", "head"] {
            let path = try #require(E2E.which(tool), "\(tool) is not installed")
            try FileManager.default.createSymbolicLink(atPath: bin + "/" + tool, withDestinationPath: path)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = bin
        let store = E2E.scratchDirectory("auto-store")
        let result = await runProcess([EndToEndInterruptTests.binary, "run", "examples/01-shell-components/pipeline.yaml",
                                       "--store", store, "-q"], in: Repo.root.path, environment: environment)
        #expect(result.code == 0, Comment(rawValue: result.stderr))
        #expect(result.stderr.contains("tarmac: notice: no working container engine (podman is not installed (not found on PATH); "
                                       + "docker is not installed (not found on PATH)): every task runs as a subprocess"),
                Comment(rawValue: result.stderr))
    }

    @Test("an unknown runner is a usage error (exit 2)")
    func unknownRunner() {
        let result = tarmac(["run", "examples/01-shell-components/pipeline.yaml", "--runner", "lxc"])
        #expect(result.code == 2)
        #expect(result.stderr.contains("tarmac: error: --runner expects auto, podman, docker or subprocess, got 'lxc'"), Comment(rawValue: result.stderr))
        let mount = tarmac(["run", "examples/01-shell-components/pipeline.yaml", "--runner", "subprocess", "--mount", "/a:relative"])
        #expect(mount.code == 2)
        #expect(mount.stderr.contains("--mount expects HOST:CONTAINER[:ro]"), Comment(rawValue: mount.stderr))
    }
}
