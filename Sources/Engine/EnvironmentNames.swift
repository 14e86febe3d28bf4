import Foundation
import PipelineIR

/// Environment variable names that a POSIX shell cannot hold (Kubernetes allows `my-cm-env-var`; a shell name is
/// `[A-Za-z_][A-Za-z0-9_]*`). A command that starts with `sh` runs the image's `/bin/sh`: Debian's dash (the
/// python images) and busybox drop such variables before the component starts, bash (RHEL/UBI images) keeps
/// them. The cluster runs the same command in the same image, so Tarmac does not change the shell; it warns.
enum EnvironmentNames {
    /// Whether `name` is a shell identifier.
    static func isShellIdentifier(_ name: String) -> Bool {
        func letter(_ c: UInt8) -> Bool { c == UInt8(ascii: "_") || (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z")) }
        func digit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
        guard let first = name.utf8.first, letter(first) else { return false }
        return name.utf8.allSatisfy { letter($0) || digit($0) }
    }

    /// The warning for a task whose command goes through `sh` and that sets `names`, or nil. `inContainer`:
    /// the shell is the image's; else this machine's `/bin/sh`, named by what it really is.
    static func warning(task: String, command: [String], names: [String], inContainer: Bool) -> String? {
        guard let first = command.first, (first as NSString).lastPathComponent == "sh" else { return nil }
        let bad = names.filter { !isShellIdentifier($0) }
        guard !bad.isEmpty else { return nil }
        let quoted = bad.map { "'\($0)'" }.joined(separator: ", ")
        let shell = inContainer ? "the image's /bin/sh" : "this machine's /bin/sh (\(hostShell()))"
        return "\(task): env var \(quoted) is not a shell identifier and the command starts with sh, which runs \(shell): "
            + "dash (Debian and the python images) and busybox drop such a variable before the component starts, bash "
            + "(RHEL/UBI images) keeps it; the cluster runs the same command in the same image. Rename it with '_' for '-'"
    }

    private static func hostShell() -> String {
        URL(fileURLWithPath: "/bin/sh").resolvingSymlinksInPath().lastPathComponent
    }
}
