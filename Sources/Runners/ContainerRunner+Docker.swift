import Foundation

/// How a container ended, as the engine recorded it (`docker inspect`'s `.State`).
struct ContainerEnd: Sendable, Hashable {
    /// `exited`, or `created` for a container that never started (its command could not be run).
    var status: String
    /// The exit code of the container's main process.
    var exitCode: Int32
    /// The kernel killed it for exceeding its memory limit (Docker sets this; podman on cgroups v1 does not).
    var oomKilled: Bool

    /// The `--format` of `inspect` that `parse` reads.
    static let format = "{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}}"

    /// Reads `STATUS EXITCODE OOMKILLED` (the `format` output); nil for anything else.
    static func parse(_ text: String) -> ContainerEnd? {
        let words = text.split(whereSeparator: \.isWhitespace)
        guard words.count == 3, let code = Int32(words[1]) else { return nil }
        return ContainerEnd(status: String(words[0]), exitCode: code, oomKilled: words[2] == "true")
    }
}

extension ContainerRunner {
    /// For a container run without `--rm` (docker): its recorded end, then its removal. Docker clients
    /// talking to podman's Docker API report exit code 0 for every `--rm` container, and `inspect` is the
    /// only place that says whether the kernel killed it for memory, so Tarmac removes it itself.
    /// Nil when it cannot be inspected (it was never created: no such image, a bad option). `beforeRemoval` is
    /// given the end as recorded, while the container still exists.
    func endAndRemove(_ container: ContainerInvocation, executable: String, environment: [String: String],
                      beforeRemoval: (ContainerEnd?) -> Void = { _ in }) -> ContainerEnd? {
        let (outcome, output) = SubprocessRunner.capture([executable, "inspect", "--format", ContainerEnd.format, container.name],
                                                         environment: environment, timeout: 60)
        let end = outcome.succeeded ? ContainerEnd.parse(output) : nil
        beforeRemoval(end)
        remove(container, executable: executable, environment: environment)
        return end
    }

    /// `outcome` corrected by the container's recorded end: its exit code is the container's own.
    static func apply(_ end: ContainerEnd?, to outcome: inout ProcessOutcome) {
        guard let end, end.status == "exited", case .exited = outcome.termination else { return }
        outcome.termination = .exited(end.exitCode)
    }
}
