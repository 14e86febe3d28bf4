import Foundation

/// A host path bind-mounted into the container.
public struct ContainerMount: Sendable, Hashable {
    /// The directory or file on this machine.
    public var hostPath: String
    /// Where it appears inside the container (absolute).
    public var containerPath: String
    /// Mounted `:ro`.
    public var readOnly: Bool

    /// A bind mount of `hostPath` at `containerPath`.
    public init(hostPath: String, containerPath: String, readOnly: Bool = false) {
        self.hostPath = hostPath
        self.containerPath = containerPath
        self.readOnly = readOnly
    }

    /// The value of `--mount`: `type=bind,src=HOST,dst=CONTAINER[,readonly]`. Unlike `--volume H:C`, it
    /// allows a `:` in either path (a pipeline root such as `/data/run:1`); both engines read it as one
    /// CSV record, so a field with a `,` or `"` is quoted CSV-style.
    public var mountOption: String {
        var fields = ["type=bind", "src=" + hostPath, "dst=" + containerPath]
        if readOnly { fields.append("readonly") }
        return fields.map(Self.csvField).joined(separator: ",")
    }

    /// One CSV field: as is, or in double quotes (inner quotes doubled) when it holds `,`, `"` or a line break.
    static func csvField(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Parses `HOST:CONTAINER[:ro|:rw]` (the `--mount` option); nil when malformed or not absolute.
    public static func parse(_ text: String) -> ContainerMount? {
        var parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var readOnly = false
        if parts.count == 3, ["ro", "rw"].contains(parts[2]) { readOnly = parts.removeLast() == "ro" }
        guard parts.count == 2, parts[1].hasPrefix("/"), !parts[0].isEmpty else { return nil }
        return ContainerMount(hostPath: parts[0], containerPath: parts[1], readOnly: readOnly)
    }
}

/// A fresh in-memory directory (an emptyDir with medium Memory), of at most `sizeBytes` when set.
public struct TmpfsMount: Sendable, Hashable {
    /// Where it appears inside the container (absolute).
    public var path: String
    /// The tmpfs `size=` option, in bytes; nil leaves the engine's default.
    public var sizeBytes: Int64?

    /// A tmpfs at `path`.
    public init(path: String, sizeBytes: Int64? = nil) {
        self.path = path
        self.sizeBytes = sizeBytes
    }
}
