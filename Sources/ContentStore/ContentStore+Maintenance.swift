import Basics
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One blob file found on disk.
public struct BlobInfo: Sendable {
    /// Its hex digest (the file name).
    public let hex: String
    /// Its size in bytes.
    public let size: Int64
    /// Its last modification (ingest, or a later identical ingest).
    public let modified: Date
}

/// The result of a garbage collection.
public struct CollectionResult: Sendable {
    /// Blobs removed.
    public var removedBlobs = 0
    /// Bytes freed.
    public var freedBytes: Int64 = 0
}

extension ContentStore {
    /// The hex digests of every blob `ids` need: file blobs, tree manifests and the files they list.
    public func closure(of ids: Set<ObjectID>) -> Set<String> {
        var needed = Set<String>()
        for id in ids {
            needed.insert(id.hex)
            if id.kind == .tree, let manifest = try? loadManifest(id.hex) {
                for entry in manifest.entries { if let hex = entry.hex { needed.insert(hex) } }
            }
        }
        return needed
    }

    /// Removes blobs not needed by `keep` and older than `grace` (a blob written moments ago may belong
    /// to a task whose cache entry is not recorded yet), and stale temporary files.
    public func collectGarbage(keep: Set<ObjectID>, grace: TimeInterval = 600) -> CollectionResult {
        let needed = closure(of: keep)
        let cutoff = Date().addingTimeInterval(-grace)
        var result = CollectionResult()
        for blob in blobs() where !needed.contains(blob.hex) && blob.modified < cutoff {
            if unlink(blobPath(blob.hex)) == 0 {
                result.removedBlobs += 1
                result.freedBytes += blob.size
            }
        }
        let temporary = root + "/tmp"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] {
            var info = stat()
            let path = temporary + "/" + name
            if stat(path, &info) == 0, Double(info.st_mtim.tv_sec) < cutoff.timeIntervalSince1970 { unlink(path) }
        }
        return result
    }

    /// Re-hashes every blob; returns the digests of those whose bytes no longer match, after removing
    /// them (a later run repairs whatever needed them).
    public func verify(removeDamaged: Bool = true) -> (checked: Int, damaged: [String]) {
        var damaged: [String] = []
        let all = blobs()
        for blob in all {
            let found = try? FileCopier.hash(blobPath(blob.hex)).hex
            if found != blob.hex {
                damaged.append(blob.hex)
                if removeDamaged { unlink(blobPath(blob.hex)) }
            }
        }
        return (all.count, damaged.sorted())
    }

    /// Removes every blob and temporary file.
    public func removeAll() throws {
        guard access(root, F_OK) == 0 else { return }
        try FileManager.default.removeItem(atPath: root)
    }
}
