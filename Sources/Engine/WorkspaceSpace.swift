import Foundation
import Glibc
import PipelineIR

/// The run's workspace size (`dsl.WorkspaceConfig(size=...)`): the backend makes a PVC of that size; one machine
/// has a directory, whose size nothing enforces, so a run says so once, and whether the disk has that much free.
enum WorkspaceSpace {
    /// The warning for a workspace of `size` at `workspace` (under `pipelineRoot`, which exists).
    static func warning(size: String, workspace: String, pipelineRoot: String) -> String {
        var text = "the workspace's size \(size) (dsl.WorkspaceConfig) is not enforced: it is a directory, \(workspace), "
            + "where the cluster gives the run a volume of that size"
        if let wanted = StorageQuantity.bytes(size), let free = freeBytes(under: pipelineRoot), Double(free) < wanted {
            text += "; only \(ByteText.gibibytes(free)) are free there"
        }
        return text
    }

    /// Free bytes for this user on the file system of `path` (or its nearest existing ancestor).
    static func freeBytes(under path: String) -> UInt64? {
        var existing = path
        while !FileManager.default.fileExists(atPath: existing), existing != "/", !existing.isEmpty {
            existing = (existing as NSString).deletingLastPathComponent
        }
        var info = statvfs()
        guard statvfs(existing.isEmpty ? "/" : existing, &info) == 0 else { return nil }
        let blocks = geteuid() == 0 ? UInt64(info.f_bfree) : UInt64(info.f_bavail)
        return blocks * UInt64(info.f_frsize)
    }
}

/// Byte counts in words.
enum ByteText {
    /// `1.5 GiB`.
    static func gibibytes(_ bytes: UInt64) -> String {
        String(format: "%.1f GiB", Double(bytes) / Double(1 << 30))
    }
}
