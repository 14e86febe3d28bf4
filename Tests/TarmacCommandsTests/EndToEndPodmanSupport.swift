import Foundation
import Testing

/// The real podman on this machine (installed and configured by scripts/install-podman, images by
/// scripts/build-test-images). In CI (`CI=true`) the podman tests always run: a missing podman fails them.
enum Podman {
    /// Whether `podman info` works here.
    static let works: Bool = {
        guard let podman = E2E.which("podman") else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: podman)
        process.arguments = ["info"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// The condition of every podman test: always in CI, else where podman works.
    static var enabled: Bool { E2E.isCI || works }

    static let caBundle = "/etc/ssl/certs/ca-certificates.crt"

    /// pip's cache, shared by the containers of this machine's test runs (packages download once).
    static let pipCache: String = {
        let path = NSTemporaryDirectory() + "/tarmac-e2e-pip-cache"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// `--runner podman` with the local images only, and what `pip install` needs inside a container
    /// here (environment.md): host network, the CA bundle read-only, PIP_CERT; plus a pip cache.
    static var options: [String] {
        ["--runner", "podman", "--pull", "never", "--network", "host",
         "--mount", "\(caBundle):\(caBundle):ro", "--env", "PIP_CERT=\(caBundle)",
         "--mount", "\(pipCache):/root/.cache/pip"]
    }

    /// At most two podman pipeline runs at once: on two cores, a dozen runs side by side (each
    /// installing kfp in its containers) would push the pip installs of example 11 towards its task deadlines.
    static let slots = RunSlots(2)

    /// `body` while holding one of the `slots`.
    static func limited<T: Sendable>(_ body: @Sendable () async -> T) async -> T {
        await slots.acquire()
        let result = await body()
        await slots.release()
        return result
    }

    /// The names of the running containers with `label` (`KEY=VALUE`).
    static func running(label: String) async -> [String] {
        let result = await runProcess(["podman", "ps", "--filter", "label=\(label)", "--format", "{{.Names}}"])
        return result.stdout.split(separator: "\n").map(String.init)
    }

    /// The names of the containers (running or not) whose name contains `text`.
    static func containers(named text: String) async -> [String] {
        let result = await runProcess(["podman", "ps", "-a", "--format", "{{.Names}}"])
        return result.stdout.split(separator: "\n").map(String.init).filter { $0.contains(text) }
    }
}

/// A counting semaphore for async tests.
actor RunSlots {
    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { available = count }

    func acquire() async {
        if available > 0 { available -= 1; return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty { available += 1 } else { waiters.removeFirst().resume() }
    }
}
