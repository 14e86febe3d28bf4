import Basics
import Foundation
import Testing

/// kfp-kubernetes volumes and pod settings in real podman containers (fixture `kubernetes-volumes`):
/// secrets and config maps as read-only files, emptyDir on disk and in memory, generic ephemeral
/// volumes, `set_security_context` and shared memory, each as the kubelet would set them up.
@Suite("End-to-end: podman volumes and security context",
       .enabled(if: Podman.enabled && E2E.compilerTestsEnabled, "needs a working podman and the KFP compiler"))
struct EndToEndPodmanVolumeTests {
    @Test("secret and config map files, fresh emptyDir/tmpfs/ephemeral volumes, user and group, shm size, runAsNonRoot")
    func volumesAndSecurityContext() async throws {
        try Repo.requireRootIsCurrentDirectory()
        // Outside the store, which the leak check searches.
        let secrets = NSTemporaryDirectory() + "tarmac-volume-secrets-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: secrets) }
        let secretValue = "tarmac-file-secret-\(UUID().uuidString)"
        for (name, key, value) in [("tarmac-files", "token", secretValue), ("tarmac-config", "setting", "blue")] {
            try FileManager.default.createDirectory(atPath: "\(secrets)/\(name)", withIntermediateDirectories: true)
            try value.write(toFile: "\(secrets)/\(name)/\(key)", atomically: true, encoding: .utf8)
        }
        let yaml = try await FixturePipelines.shared.yaml("kubernetes-volumes")
        let run = await Podman.limited { await runPipeline(yaml, Podman.options + ["--secrets-dir", secrets, "--keep-going"]) }
        #expect(run.code == 1 && run.state == "FAILED", run.diagnostics)
        #expect(run.states == ["probe": "SUCCEEDED", "probe-2": "SUCCEEDED", "whoami": "SUCCEEDED", "whoami-2": "FAILED"], run.diagnostics)

        let secretDigest = Digest.sha256(secretValue)
        // The second probe runs after the first left a file in each writable volume: it must see none.
        let expected = """
            uid=1234 gid=2345
            secret-sha256=\(secretDigest)
            secret-writable=no
            config=blue
            /scratch-entries=0
            /scratch-writable=yes
            /cache-entries=0
            /cache-writable=yes
            /ephemeral-entries=0
            /ephemeral-writable=yes
            cache-mount=tmpfs rw,nosuid,nodev,relatime,size=16384k
            shm-kib=131072

            """
        for task in ["probe", "probe-2"] {
            let report = (try? String(contentsOfFile: run.taskDirectory(task) + "/outputs/parameters/report", encoding: .utf8)) ?? ""
            #expect(report == expected, "\(task): \(report)")
        }
        #expect((await run.logs("whoami")).contains("uid=1234"), run.diagnostics)
        let refused = run.task("whoami-2")?.error ?? ""
        #expect(refused.contains("runAsNonRoot and image docker.io/library/busybox:1.36 runs as root"), Comment(rawValue: refused))
        #expect(await Podman.containers(named: run.runID).isEmpty, "containers of \(run.runID) were left behind")
        // The secret file's content is read inside the container only: not in any output, log or store file.
        #expect(run.leakCheck().places(containing: secretValue) == [], "the secret leaked")
    }
}
