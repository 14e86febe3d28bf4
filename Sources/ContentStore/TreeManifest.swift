import Basics
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The canonical description of a directory: every entry's relative path, kind, and for files the
/// blob digest, size and executable bit, sorted by path. Its canonical JSON is what a tree id hashes.
struct TreeManifest: Sendable {
    /// One entry of the directory (at any depth).
    struct Entry: Sendable {
        enum Kind: String, Sendable { case file, directory, symlink }
        var path: String
        var kind: Kind
        var hex: String?
        var size: Int64 = 0
        var executable = false
        var target: String?
    }

    static let version = 1
    var entries: [Entry]
    /// FIFOs, devices and sockets found by `scan` and left out (not part of the manifest's bytes): "`path` (a FIFO …)".
    var dropped: [String] = []

    /// The bytes that are hashed and stored.
    var bytes: Data {
        let list: [JSONValue] = entries.map { entry in
            var object: [String: JSONValue] = ["path": .string(entry.path), "type": .string(entry.kind.rawValue)]
            if let hex = entry.hex { object["object"] = .string("sha256:" + hex) }
            if entry.kind == .file {
                object["size"] = .number(Double(entry.size))
                object["executable"] = .bool(entry.executable)
            }
            if let target = entry.target { object["target"] = .string(target) }
            return .object(object)
        }
        return Data(JSONValue.object(["version": .number(Double(Self.version)), "entries": .array(list)]).canonicalJSON.utf8)
    }

    /// Total bytes of the files.
    var size: Int64 { entries.reduce(0) { $0 + $1.size } }

    /// Walks `directory` without following symlinks; `file` hashes (and maybe stores) each regular file.
    static func scan(_ directory: String, file: (String) throws -> (hex: String, size: Int64)) throws -> TreeManifest {
        var entries: [Entry] = []
        var dropped: [String] = []
        try walk(directory, relative: "", into: &entries, dropped: &dropped, file: file)
        return TreeManifest(entries: entries.sorted { $0.path < $1.path }, dropped: dropped)
    }

    private static func walk(_ directory: String, relative: String, into entries: inout [Entry], dropped: inout [String],
                             file: (String) throws -> (hex: String, size: Int64)) throws {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted() } catch {
            throw ContentStoreError("cannot list \(directory): \(error.localizedDescription)", path: directory)
        }
        for name in names {
            let full = directory + "/" + name
            let path = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(full, &info) == 0 else { throw FileCopier.failure("cannot read", full) }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                entries.append(Entry(path: path, kind: .directory))
                try walk(full, relative: path, into: &entries, dropped: &dropped, file: file)
            case S_IFLNK:
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? ""
                entries.append(Entry(path: path, kind: .symlink, target: target))
            case S_IFREG:
                let (hex, size) = try file(full)
                entries.append(Entry(path: path, kind: .file, hex: hex, size: size, executable: info.st_mode & 0o100 != 0))
            default:
                dropped.append("\(path) (\(SafeFile.kindName(info.st_mode)))")  // not artifact content: never opened
            }
        }
    }

    /// Parses stored manifest bytes; nil when they are not a manifest this version understands.
    static func parse(_ data: Data) -> TreeManifest? {
        guard let text = String(data: data, encoding: .utf8), let json = try? JSONValue.parse(text),
              case .object(let root) = json, case .array(let list)? = root["entries"] else { return nil }
        var entries: [Entry] = []
        for item in list {
            guard case .object(let fields) = item, case .string(let path)? = fields["path"],
                  case .string(let type)? = fields["type"], let kind = Entry.Kind(rawValue: type),
                  isSafeRelativePath(path) else { return nil }
            var entry = Entry(path: path, kind: kind)
            if case .string(let object)? = fields["object"] {
                guard let id = ObjectID(object) else { return nil }
                entry.hex = id.hex
            }
            if case .number(let size)? = fields["size"] { entry.size = Int64(size) }
            if case .bool(let executable)? = fields["executable"] { entry.executable = executable }
            if case .string(let target)? = fields["target"] { entry.target = target }
            if kind == .file, entry.hex == nil { return nil }
            entries.append(entry)
        }
        return TreeManifest(entries: entries)
    }

    /// A relative path with no `..`, no empty or `.` component and no leading `/`.
    static func isSafeRelativePath(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && path.split(separator: "/", omittingEmptySubsequences: false)
            .allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }
}
