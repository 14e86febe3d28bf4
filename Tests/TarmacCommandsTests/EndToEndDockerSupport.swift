import Foundation
import Testing

/// The real `docker` CLI against podman's Docker API (no Docker engine can run on these machines):
/// `scripts/start-docker-api` serves it on a unix socket (scripts/test starts it; the first use here
/// starts it too when it is not running). With `CI=true` the docker tests always run: a missing docker
/// CLI or a service that does not answer fails them.
enum Docker {
    /// What `scripts/start-docker-api` said: the DOCKER_HOST value, or why there is none.
    static let service: Result<String, ServiceFailure> = {
        let script = Repo.root.appendingPathComponent("scripts/start-docker-api").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { return .failure(ServiceFailure(description: "cannot run \(script): \(error)")) }
        let host = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(ServiceFailure(description: "scripts/start-docker-api failed (exit \(process.terminationStatus)): \(said)"))
        }
        return .success(host.trimmingCharacters(in: .whitespacesAndNewlines))
    }()

    /// Why the Docker API is not available.
    struct ServiceFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// The condition of every docker test: always in CI, else where podman works and a docker CLI exists.
    static var enabled: Bool { E2E.isCI || (Podman.works && E2E.which("docker") != nil) }

    /// The directory holding only a link to the real docker CLI (not podman-docker's `/usr/bin/docker` script):
    /// the first of PATH's `docker` executables that is not a shell script.
    static let bin: String = {
        let path = E2E.scratchDirectory("docker-cli")
        let candidates = (E2E.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/docker" }
        if let real = candidates.first(where: { candidate in
            guard let head = FileManager.default.contents(atPath: candidate)?.prefix(2) else { return false }
            return head != Data("#!".utf8)
        }) {
            try? FileManager.default.createSymbolicLink(atPath: path + "/docker", withDestinationPath: real)
        }
        return path
    }()

    /// The environment of a `tarmac` (or `docker`) process that talks to the service.
    static func environment() throws -> [String: String] {
        var environment = E2E.environment
        environment["DOCKER_HOST"] = try service.get()
        environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        return environment
    }

    /// `tarmac run PIPELINE --runner docker --pull never --json -q --store STORE ARGUMENTS...` by the real binary.
    /// Without the service, the run's stderr says why (and its exit code is -1).
    static func run(_ pipeline: String, _ arguments: [String] = [], store: String) async -> PipelineRun {
        let full = ["run", pipeline, "--runner", "docker", "--pull", "never", "--json", "-q", "--store", store] + arguments
        guard let environment = try? environment() else {
            return PipelineRun(arguments: full, result: CommandResult(code: -1, stdout: "", stderr: "\(service)"))
        }
        let result = await runProcess([EndToEndInterruptTests.binary] + full, in: Repo.root.path, environment: environment)
        return PipelineRun(arguments: full, result: CommandResult(code: result.code, stdout: result.stdout, stderr: result.stderr))
    }

    /// The names of the containers with label `tarmac.run=<runID>`: running ones, or all (`ps -a`).
    static func containers(ofRun runID: String, all: Bool = true) async throws -> [String] {
        let result = await runProcess(["docker", "ps"] + (all ? ["-a"] : []) + ["--filter", "label=tarmac.run=\(runID)",
                                      "--format", "{{.Names}}"], environment: try environment())
        guard result.code == 0 else {
            throw ServiceFailure(description: "docker ps failed (exit \(result.code)): \(result.stderr)")
        }
        return result.stdout.split(separator: "\n").map(String.init)
    }
}
