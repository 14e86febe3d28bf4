import Basics
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension ContentStore {
    /// Stores every file of a directory, then its manifest; the tree id is the manifest's digest.
    func ingestDirectory(_ path: String) throws -> StoredObject {
        let manifest = try TreeManifest.scan(path) { file in try storeFile(file) }
        let hex = try storeBytes(manifest.bytes)
        return StoredObject(id: ObjectID(kind: .tree, hex: hex), size: manifest.size, dropped: manifest.dropped)
    }

    /// Copies object `id` to `destination` (which must not exist), re-hashing every byte on the way.
    /// Returns false, leaving nothing at `destination`, when a blob is missing or its bytes no longer
    /// match its digest: the caller treats that as a cache miss.
    public func materialize(_ id: ObjectID, to destination: String) -> Bool {
        do {
            let parent = (destination as NSString).deletingLastPathComponent
            try makeDirectory(parent)
            removeTree(destination)
            switch id.kind {
            case .file:
                try copyVerified(id.hex, to: destination)
            case .tree:
                guard let manifest = try loadManifest(id.hex) else { throw ContentStoreError("damaged manifest", path: id.description) }
                try materialize(manifest, into: destination)
            }
            return true
        } catch {
            removeTree(destination)
            return false
        }
    }

    /// The manifest of tree blob `hex`, verified against its digest; nil if damaged.
    func loadManifest(_ hex: String) throws -> TreeManifest? {
        guard let data = try? SafeFile.read(blobPath(hex)) else { return nil }  // a planted FIFO must not hang a cache hit
        guard Digest.sha256(data) == hex else {
            unlink(blobPath(hex))
            return nil
        }
        return TreeManifest.parse(data)
    }

    private func materialize(_ manifest: TreeManifest, into directory: String) throws {
        try makeDirectory(directory)
        for entry in manifest.entries {
            let target = directory + "/" + entry.path
            switch entry.kind {
            case .directory:
                try makeDirectory(target)
            case .symlink:
                guard symlink(entry.target ?? "", target) == 0 else { throw FileCopier.failure("cannot link", target) }
            case .file:
                try copyVerified(entry.hex ?? "", to: target)
                if entry.executable { chmod(target, 0o755) }
            }
        }
    }

    /// Copies blob `hex` to `destination` (a new 0644 file), failing if the bytes do not hash to `hex`.
    private func copyVerified(_ hex: String, to destination: String) throws {
        let (found, _) = try FileCopier.hash(blobPath(hex), copyingTo: destination)
        chmod(destination, 0o644)
        guard found == hex else {
            unlink(blobPath(hex))  // so the next ingest of these bytes writes a sound blob
            throw ContentStoreError("blob \(hex) is damaged (its bytes hash to \(found))", path: blobPath(hex))
        }
    }

    /// Removes a file or directory tree if present (cleanup after a failed materialization).
    func removeTree(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        try? FileManager.default.removeItem(atPath: path)
    }
}
