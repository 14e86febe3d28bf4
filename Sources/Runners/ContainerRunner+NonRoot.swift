import Foundation

extension ContainerRunner {
    /// Why the kubelet would refuse to start `container` under `securityContext.runAsNonRoot`, or nil
    /// when it would start. With no `runAsUser` the image's own user decides: root, or a user that is not
    /// a number (which the kubelet cannot verify), is refused. An image that is not present yet (it
    /// will be pulled by `run`) cannot be inspected here and is let through.
    static func nonRootRefusal(_ container: ContainerInvocation, executable: String, environment: [String: String]) -> String? {
        guard container.requireNonRoot else { return nil }
        if let user = container.user {
            return user.split(separator: ":").first == "0" ? "securityContext has runAsNonRoot but runAsUser is 0: the cluster refuses to start it" : nil
        }
        guard let imageUser = imageUser(container.image, executable: executable, environment: environment) else { return nil }
        let name = imageUser.split(separator: ":").first.map(String.init) ?? ""
        if name.isEmpty || name == "0" || name == "root" {
            return "securityContext has runAsNonRoot and image \(container.image) runs as root: the cluster refuses to start it"
                + " (set_security_context(run_as_user=...) or a USER in the image)"
        }
        if Int(name) == nil {
            return "securityContext has runAsNonRoot and image \(container.image) has the non-numeric user '\(name)':"
                + " the cluster cannot verify it is not root and refuses to start it"
        }
        return nil
    }

    /// The image's configured `USER` (empty: root), or nil when the image cannot be inspected.
    private static func imageUser(_ image: String, executable: String, environment: [String: String]) -> String? {
        let (outcome, output) = SubprocessRunner.capture([executable, "image", "inspect", "--format", "{{.Config.User}}", image],
                                                         environment: environment, timeout: 60)
        return outcome.succeeded ? output.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }
}
