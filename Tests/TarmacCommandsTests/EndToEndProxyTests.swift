import Foundation
import Testing

/// Behind this machine's TLS-intercepting proxy (environment.md), `pip install` in a container fails
/// with a certificate error unless the proxy's CA bundle is passed in. The failure block says so and
/// names the options; `--inherit-proxy` (with `--network host`) fixes it. Real pip, real PyPI, real podman.
@Suite("End-to-end: pip in a container behind a proxy",
       .enabled(if: Podman.enabled && E2E.compilerTestsEnabled, "needs a working podman and the KFP compiler"))
struct EndToEndProxyTests {
    static let bundle = "/etc/ssl/certs/ca-certificates.crt"

    @Test("without the CA bundle pip fails and the failure block names --inherit-proxy and the exact options")
    func adviceWhenTheCertificateFails() async throws {
        try Repo.requireRootIsCurrentDirectory()
        try #require(E2E.environment["PIP_CERT"] == Self.bundle, "this machine's pip needs PIP_CERT=\(Self.bundle) (environment.md)")
        let yaml = try await FixturePipelines.shared.yaml("pip-install")
        let run = await Podman.limited { await runPipeline(yaml, ["--runner", "podman", "--pull", "never"]) }
        #expect(run.code == 1 && run.task("install")?.state == "FAILED", run.diagnostics)
        #expect((await run.logs("install")).contains("CERTIFICATE_VERIFY_FAILED"), run.diagnostics)
        #expect(run.stderr.contains("hint: pip in the container could not verify a TLS certificate (CERTIFICATE_VERIFY_FAILED);"
                                    + " this machine has PIP_CERT=\(Self.bundle)"), run.diagnostics)
        #expect(run.stderr.contains("hint: rerun with --inherit-proxy (it passes these variables and mounts the CA bundle read-only),"
                                    + " or add: --mount \(Self.bundle):\(Self.bundle):ro --env PIP_CERT=\(Self.bundle)"), run.diagnostics)
    }

    @Test("with --inherit-proxy --network host the same pip install succeeds")
    func inheritProxySucceeds() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let yaml = try await FixturePipelines.shared.yaml("pip-install")
        let run = await Podman.limited {
            await runPipeline(yaml, ["--runner", "podman", "--pull", "never", "--inherit-proxy", "--network", "host"])
        }
        #expect(run.code == 0 && run.task("install")?.state == "SUCCEEDED", run.diagnostics)
        #expect((await run.logs("install")).contains("installed "), run.diagnostics)
        #expect(!run.stderr.contains("hint: "), run.diagnostics)
    }
}
