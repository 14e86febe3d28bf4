import Foundation

/// Finds a working container engine: its client on PATH and `<engine> info` succeeding.
public enum ContainerEngine {
    /// The executable of `kind` when its client exists and `info` works, else why not.
    public static func probe(_ kind: ContainerEngineKind, environment: [String: String]) -> Result<String, ProbeFailure> {
        guard let executable = ProcessLauncher.resolveExecutable(kind.rawValue, environment: environment, workingDirectory: "/") else {
            return .failure(ProbeFailure(message: "\(kind.rawValue) is not installed (not found on PATH)"))
        }
        let (outcome, output) = SubprocessRunner.capture([executable, "info"], environment: environment, timeout: 30)
        if outcome.succeeded { return .success(executable) }
        let tail = String(decoding: output.utf8.suffix(8192), as: UTF8.self)
        let text = ContainerRunner.lastEngineError(in: tail)
            ?? tail.split(whereSeparator: \.isNewline).last.map(String.init) ?? "no output"
        return .failure(ProbeFailure(message: "'\(executable) info' failed: \(text)"))
    }

    /// The first of podman, docker that works, with the reasons the others did not.
    public static func detect(environment: [String: String]) -> (engine: (ContainerEngineKind, String)?, reasons: [String]) {
        var reasons: [String] = []
        for kind in [ContainerEngineKind.podman, .docker] {
            switch probe(kind, environment: environment) {
            case .success(let executable): return ((kind, executable), reasons)
            case .failure(let failure): reasons.append(failure.message)
            }
        }
        return (nil, reasons)
    }

    /// Why an engine cannot be used.
    public struct ProbeFailure: Error, Sendable {
        public let message: String
    }
}
