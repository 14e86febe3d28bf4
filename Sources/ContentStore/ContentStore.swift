import Basics
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The content-addressed object store: `<root>/<aa>/<hex>` blobs, read-only, written atomically.
///
/// Safe to share between threads and processes: a blob is written to `<root>/tmp/` and renamed into
/// place, so a reader (or a process killed mid-write) never sees a partial blob; two writers of the same
/// bytes both succeed and leave one blob.
public struct ContentStore: Sendable {
    /// The objects directory (`<store>/objects`).
    public let root: String

    /// A store rooted at `root` (created on first ingest).
    public init(root: String) { self.root = root }

    /// Where the blob with this hex digest lives.
    public func blobPath(_ hex: String) -> String { "\(root)/\(hex.prefix(2))/\(hex)" }

    /// Whether the blob for `id` (for a tree: its manifest) is present.
    public func contains(_ id: ObjectID) -> Bool { access(blobPath(id.hex), F_OK) == 0 }

    /// Stores the file or directory at `path` and returns its id and size. Symbolic links are never
    /// followed: `path` itself must not be one, and links inside a directory are recorded as links.
    public func ingest(_ path: String) throws -> StoredObject {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw FileCopier.failure("cannot ingest", path) }
        guard (info.st_mode & S_IFMT) != S_IFLNK else {
            throw ContentStoreError("will not store \(path): it is a symbolic link", path: path)
        }
        guard !SafeFile.isSpecial(info.st_mode) else {
            throw ContentStoreError("will not store \(path): it is \(SafeFile.kindName(info.st_mode)), not a file or a directory", path: path)
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { return try ingestDirectory(path) }
        let (hex, size) = try storeFile(path)
        return StoredObject(id: ObjectID(kind: .file, hex: hex), size: size)
    }

    /// The id `path` would get, without storing anything (inputs that came from outside the store).
    public func identify(_ path: String) throws -> ObjectID {
        var info = stat()
        guard stat(path, &info) == 0 else { throw FileCopier.failure("cannot read", path) }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            let manifest = try TreeManifest.scan(path) { file in try FileCopier.hash(file) }
            return ObjectID(kind: .tree, hex: Digest.sha256(manifest.bytes))
        }
        return ObjectID(kind: .file, hex: try FileCopier.hash(path).hex)
    }

    /// Copies a file into the store while hashing it; returns its digest and size. A file whose blob is already
    /// there is only read: it is hashed first, and copied (hashed again on the way) only when its blob is new.
    /// Writing is what costs (`cache ingest` of a stored 1 GiB file: 2.2-4.4 s of system time writing a copy
    /// that was then thrown away); a new file pays one more read, from the page cache the first read filled.
    func storeFile(_ path: String) throws -> (hex: String, size: Int64) {
        let (known, knownSize) = try FileCopier.hash(path, followLinks: false)
        if touchExisting(blobPath(known)) { return (known, knownSize) }
        let temporary = try temporaryPath()
        defer { unlink(temporary) }
        let (hex, size) = try FileCopier.hash(path, copyingTo: temporary, followLinks: false)
        try publish(temporary, as: hex)
        return (hex, size)
    }

    /// Stores bytes (a manifest) as a blob.
    func storeBytes(_ data: Data) throws -> String {
        let hex = Digest.sha256(data)
        if touchExisting(blobPath(hex)) { return hex }
        let temporary = try temporaryPath()
        defer { unlink(temporary) }
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw FileCopier.failure("cannot write", temporary)
        }
        try publish(temporary, as: hex)
        return hex
    }

    /// Whether the blob at `destination` exists as a regular file; if so, touches it so a concurrent prune
    /// sees it as recently used.
    private func touchExisting(_ destination: String) -> Bool {
        var existing = stat()
        guard lstat(destination, &existing) == 0, (existing.st_mode & S_IFMT) == S_IFREG else { return false }
        utimes(destination, nil)
        return true
    }

    /// Makes `temporary` read-only and renames it to its blob path; an existing blob wins (same bytes),
    /// and is touched so a concurrent prune sees it as recently used.
    private func publish(_ temporary: String, as hex: String) throws {
        let destination = blobPath(hex)
        if touchExisting(destination) { return }
        unlink(destination)  // a FIFO, link or device planted in place of the blob: replaced by the real bytes
        try makeDirectory((destination as NSString).deletingLastPathComponent)
        chmod(temporary, 0o444)
        guard rename(temporary, destination) == 0 else { throw FileCopier.failure("cannot store", destination) }
    }

    private func temporaryPath() throws -> String {
        let directory = root + "/tmp"
        try makeDirectory(directory)
        return "\(directory)/\(UUID().uuidString.lowercased()).partial"
    }

    func makeDirectory(_ path: String) throws {
        guard access(path, F_OK) != 0 else { return }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw ContentStoreError("cannot create \(path): \(error.localizedDescription)", path: path)
        }
    }
}
