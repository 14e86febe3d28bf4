import ContentStore
import Foundation
import Glibc

/// Checks and copies a file or a directory tree that Tarmac did not write, without following a symbolic link or
/// opening a FIFO, device or socket anywhere in it (a component's `custom_path`, an importer's download to the
/// workspace).
enum SafeTree {
    /// The first entry of the tree at `path` that is neither a regular file nor a directory, with its kind in
    /// words; nil when there is none. Throws when `path` cannot be read.
    static func firstUnsafeEntry(_ path: String) throws -> (path: String, kind: String)? {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw TaskFailure("cannot read \(path): \(String(cString: strerror(errno)))") }
        let type = info.st_mode & S_IFMT
        if type == S_IFREG { return nil }
        guard type == S_IFDIR else { return (path, SafeFile.kindName(info.st_mode)) }
        for name in try FileManager.default.contentsOfDirectory(atPath: path).sorted() {
            if let found = try firstUnsafeEntry(path + "/" + name) { return found }
        }
        return nil
    }

    /// Copies the tree `source` (checked by `firstUnsafeEntry`) to `destination`, replacing what is there; files go
    /// through `SafeFile`, which refuses a link or special file put in place since the check.
    static func copy(_ source: String, to destination: String) throws {
        try? FileManager.default.removeItem(atPath: destination)
        try FileManager.default.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try copyEntry(source, to: destination)
    }

    private static func copyEntry(_ source: String, to destination: String) throws {
        var info = stat()
        guard lstat(source, &info) == 0 else { throw TaskFailure("cannot read \(source): \(String(cString: strerror(errno)))") }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return try SafeFile.copyRegular(source, to: destination) }
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: false)
        for name in try FileManager.default.contentsOfDirectory(atPath: source).sorted() {
            try copyEntry(source + "/" + name, to: destination + "/" + name)
        }
    }
}
