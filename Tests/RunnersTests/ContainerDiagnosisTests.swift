import Foundation
@testable import Runners
import Testing

/// How a docker container's recorded end (`docker inspect`) corrects and explains the client's outcome,
/// and what `--inherit-proxy` passes into containers.
@Suite struct ContainerDiagnosisTests {
    static let container: ContainerInvocation = {
        var container = ContainerInvocation(engine: .docker, name: "r-t", runID: "r", image: "docker.io/library/busybox:1.36",
                                            command: ["nosuchcmd", "x"])
        container.memoryBytes = 16_000_000
        return container
    }()

    @Test("inspect's STATUS EXITCODE OOMKILLED is read; anything else is not")
    func parseEnd() {
        #expect(ContainerEnd.parse("exited 42 false\n") == ContainerEnd(status: "exited", exitCode: 42, oomKilled: false))
        #expect(ContainerEnd.parse("exited 137 true") == ContainerEnd(status: "exited", exitCode: 137, oomKilled: true))
        #expect(ContainerEnd.parse("Error: No such object: r-t") == nil)
        #expect(ContainerEnd.parse("") == nil)
    }

    @Test("the container's own exit code wins over the client's (podman's Docker API reports 0 for --rm containers)")
    func exitCodeFromInspect() {
        var outcome = ProcessOutcome(.exited(0))
        ContainerRunner.apply(ContainerEnd(status: "exited", exitCode: 42, oomKilled: false), to: &outcome)
        #expect(outcome.exitCode == 42 && !outcome.succeeded)
        var never = ProcessOutcome(.exited(1))
        ContainerRunner.apply(ContainerEnd(status: "created", exitCode: 0, oomKilled: false), to: &never)
        #expect(never.exitCode == 1, "a container that never started keeps the client's failure")
        var killed = ProcessOutcome(.signaled(9))
        ContainerRunner.apply(ContainerEnd(status: "exited", exitCode: 0, oomKilled: false), to: &killed)
        #expect(killed.exitCode == nil, "a client killed by a signal stays killed")
    }

    @Test("OOMKilled is out of memory, with or without exit code 137; a never-started container names its command")
    func diagnoses() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("tarmac-diagnosis-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        try "unable to upgrade to tcp, received 409\n".write(toFile: log, atomically: true, encoding: .utf8)
        let oom = ContainerRunner.diagnose(ProcessOutcome(.exited(1)), container: Self.container,
                                           end: ContainerEnd(status: "exited", exitCode: 1, oomKilled: true), logFile: log)
        #expect(oom == "out of memory: the kernel killed the container (exit code 1, OOMKilled) with a memory limit of 16000000 bytes")
        let hog = ContainerRunner.diagnose(ProcessOutcome(.exited(137)), container: Self.container,
                                           end: ContainerEnd(status: "exited", exitCode: 137, oomKilled: false), logFile: log)
        #expect(hog?.hasPrefix("out of memory: the container was killed (exit code 137, SIGKILL)") == true, "\(hog ?? "nil")")
        let never = ContainerRunner.diagnose(ProcessOutcome(.exited(1)), container: Self.container,
                                             end: ContainerEnd(status: "created", exitCode: 0, oomKilled: false), logFile: log)
        #expect(never == "the container of image 'docker.io/library/busybox:1.36' was created but never started (exit code 1):"
                + " unable to upgrade to tcp, received 409 (does the image have the command 'nosuchcmd'?)")
        #expect(ContainerRunner.diagnose(ProcessOutcome(.exited(3)), container: Self.container,
                                         end: ContainerEnd(status: "exited", exitCode: 3, oomKilled: false), logFile: log) == nil)
    }

    @Test("--inherit-proxy: the CA and proxy variables that are set, and each CA file once, read-only at its own path")
    func inheritedProxy() {
        let environment = ["PIP_CERT": "/etc/ca.crt", "SSL_CERT_FILE": "/etc/ca.crt", "REQUESTS_CA_BUNDLE": "/missing.crt",
                           "https_proxy": "http://user:pw@proxy:3128", "NO_PROXY": "", "HOME": "/root"]
        let inherited = ContainerProxy.inherited(from: environment) { $0 == "/etc/ca.crt" }
        #expect(inherited.variables == ["PIP_CERT": "/etc/ca.crt", "SSL_CERT_FILE": "/etc/ca.crt",
                                        "REQUESTS_CA_BUNDLE": "/missing.crt", "https_proxy": "http://user:pw@proxy:3128"])
        #expect(inherited.mounts == [ContainerMount(hostPath: "/etc/ca.crt", containerPath: "/etc/ca.crt", readOnly: true)])
        #expect(ContainerProxy.inherited(from: ["HOME": "/root"]).variables.isEmpty)
    }

    @Test("inherited variables go by name only: a proxy's credentials never appear on the command line")
    func proxyCredentialsStayOffTheCommandLine() {
        var container = Self.container
        container.hiddenEnvironment = ["https_proxy": "http://user:pw@proxy:3128"]
        #expect(container.arguments.contains("https_proxy"))
        #expect(!container.arguments.contains { $0.contains("pw@") })
    }
}
