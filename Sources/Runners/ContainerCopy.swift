import Foundation

/// Work done once a container has exited successfully and before it is removed, while its file system still
/// exists: copying out files only the container can see (an artifact written to a path of the component's choice,
/// `artifact.set_path(...)`). Every hook is equal to every other, so that a spec stays a plain value.
public struct ContainerHook: Sendable, Hashable {
    let body: @Sendable (ContainerFiles) -> Void

    /// A hook running `body` with the exited container's files.
    public init(_ body: @escaping @Sendable (ContainerFiles) -> Void) { self.body = body }

    public static func == (lhs: ContainerHook, rhs: ContainerHook) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}

/// The file system of one exited container, read through the engine (`<engine> cp`).
public struct ContainerFiles: Sendable {
    let executable: String
    let container: String
    let environment: [String: String]

    /// Copies `path` (a file or directory inside the container; links are resolved inside the container's own root,
    /// so nothing outside what the container could see is read) to `destination` on the host, which must not exist.
    /// Nil on success, else the engine's message.
    public func copyOut(_ path: String, to destination: String) -> String? {
        let (outcome, output) = SubprocessRunner.capture([executable, "cp", "\(container):\(path)", destination],
                                                         environment: environment, timeout: 3600)
        if outcome.succeeded { return nil }
        let message = output.trimmingCharacters(in: .whitespacesAndNewlines)
        return message.isEmpty ? ContainerRunner.describeFailure(outcome) : message
    }
}

extension ContainerRunner {
    /// How an engine client failed, when it said nothing.
    static func describeFailure(_ outcome: ProcessOutcome) -> String { outcome.failureText }
}
