import Engine
import Foundation
import Runners
import Testing
@testable import TarmacCommands

/// The failure block's proxy hints: only for pip's TLS or connection errors in a container, only when
/// this machine has CA or proxy settings the container did not get, naming exactly what is missing.
@Suite struct ProxyAdviceTests {
    /// pip's own lines when the proxy's CA is missing (as seen in python:3.11-slim on this machine).
    static let certificateLog = """
        Could not fetch URL https://pypi.org/simple/six/: There was a problem confirming the ssl certificate: \
        HTTPSConnectionPool(host='pypi.org', port=443): Max retries exceeded with url: /simple/six/ (Caused by \
        SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: \
        self-signed certificate in certificate chain (_ssl.c:992)'))) - skipping
        ERROR: No matching distribution found for six
        """
    static let bundle = "/etc/ssl/certs/ca-certificates.crt"

    static func context(_ environment: [String: String], runner: RunnerChoice = .container(.docker, executable: "/usr/bin/docker"),
                        mounts: [ContainerMount] = [], passedEnvironment: [String: String] = [:]) -> ProxyAdvice.Context {
        let options = ContainerOptions(defaultRunner: runner, mounts: mounts, passedEnvironment: passedEnvironment)
        return ProxyAdvice.Context(options: options, hostEnvironment: environment)
    }

    @Test("a certificate error with PIP_CERT on the host names --inherit-proxy and the exact --mount/--env options")
    func certificateError() {
        let hints = ProxyAdvice.hints(logText: Self.certificateLog, context: Self.context(["PIP_CERT": Self.bundle]))
        #expect(hints == [
            "hint: pip in the container could not verify a TLS certificate (CERTIFICATE_VERIFY_FAILED); this machine has"
                + " PIP_CERT=\(Self.bundle), which a container does not see unless it is passed in",
            "hint: rerun with --inherit-proxy (it passes these variables and mounts the CA bundle read-only), or add:"
                + " --mount \(Self.bundle):\(Self.bundle):ro --env PIP_CERT=\(Self.bundle)",
        ])
    }

    @Test("nothing to say: on the host, without host settings, for other errors, or when everything was passed")
    func silence() {
        let host = ["PIP_CERT": Self.bundle]
        #expect(ProxyAdvice.hints(logText: Self.certificateLog, context: Self.context(host, runner: .subprocess)) == [])
        #expect(ProxyAdvice.hints(logText: Self.certificateLog, context: Self.context(["HOME": "/root"])) == [])
        #expect(ProxyAdvice.hints(logText: "ERROR: No matching distribution found for six==99", context: Self.context(host)) == [])
        #expect(ProxyAdvice.hints(logText: Self.certificateLog, context: nil) == [])
        let passed = Self.context(host, mounts: [ContainerMount(hostPath: Self.bundle, containerPath: Self.bundle, readOnly: true)],
                                  passedEnvironment: ["PIP_CERT": Self.bundle])
        #expect(ProxyAdvice.hints(logText: Self.certificateLog, context: passed) == [])
    }

    @Test("proxy variables are named, never shown (they may hold credentials); a loopback proxy needs --network host")
    func proxyVariables() {
        let host = ["HTTPS_PROXY": "http://alice:s3cret@127.0.0.1:3128"]
        let log = "pip._vendor.urllib3.exceptions.ProxyError: ('Unable to connect to proxy', NewConnectionError(...))"
        let hints = ProxyAdvice.hints(logText: log, context: Self.context(host))
        #expect(hints.count == 2)
        #expect(!hints.joined().contains("s3cret"), "\(hints)")
        #expect(hints.last == "hint: rerun with --inherit-proxy --network host (it passes these variables and mounts the CA bundle"
                + " read-only), or add: --env HTTPS_PROXY=\"$HTTPS_PROXY\" --network host", "\(hints)")
        // podman copies the host's proxy variables itself: only the network is missing.
        let podman = ProxyAdvice.hints(logText: log, context: Self.context(host, runner: .container(.podman, executable: "/usr/bin/podman")))
        #expect(podman.last == "hint: rerun with --network host (the proxy is on this machine, or reachable only from its network)",
                "\(podman)")
    }

    @Test("the failure block ends with the hints")
    func inTheFailureBlock() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("tarmac-proxy-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        try Self.certificateLog.write(toFile: log, atomically: true, encoding: .utf8)
        let update = TaskUpdate(name: "install", state: .failed, kind: .task, detail: "exited with code 1", exitCode: 1,
                                attempts: 1, logs: [log], command: ["sh", "-c", "pip install six"])
        let lines = FailureBlock.lines(for: update, runID: "r", color: false, proxy: Self.context(["PIP_CERT": Self.bundle]))
        #expect(lines.first == "FAILED: install (exit code 1)")
        #expect(lines.suffix(2).allSatisfy { $0.hasPrefix("hint: ") }, "\(lines)")
    }
}
