import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Creates the store's directory and file with owner-only permissions before SQLite opens it, and
/// refuses paths that cannot be a store (a directory, a dangling link, a store file that lost its history).
///
/// SQLite creates `-wal` and `-shm` with the database file's mode, so making the file 0600 first keeps
/// all three private. Existing files and directories keep whatever permissions the user gave them.
enum StoreFiles {
    /// Permissions of a directory we create.
    static let directoryMode: mode_t = 0o700
    /// Permissions of a database file we create.
    static let fileMode: mode_t = 0o600
    /// What a store directory holds besides the database when runs were recorded in it.
    static let historyDirectories = ["artifacts", "objects"]

    /// Ensures the parent directory exists (0700 if created) and the file exists (0600 if created).
    /// `allowEmpty` accepts a 0-byte file next to earlier runs' files (`tarmac store repair` starting over).
    static func prepare(path: String, allowEmpty: Bool = false) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try refuseDanglingLink(directory, what: "store directory", storePath: path)
        try makeDirectory(directory, storePath: path)
        try refuseDanglingLink(path, what: "run store", storePath: path)
        var info = stat()
        if stat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR {
                throw RunStoreError(.access, "the run store path is a directory, not a database file", path: path,
                                    hint: "move the directory aside, or pass --store DIR (or set TARMAC_STORE) to another directory")
            }
            if info.st_size == 0, !allowEmpty { try refuseLostHistory(path: path, directory: directory) }
            return
        }
        // O_EXCL: when two processes race to create the store, exactly one creates it and neither
        // truncates the other's file. A lost race (EEXIST) is fine.
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, fileMode)
        if fd >= 0 {
            close(fd)
        } else if errno != EEXIST {
            throw RunStoreError(.access, "cannot create the run store: \(String(cString: strerror(errno)))", path: path,
                                hint: "check the permissions of \(directory), or pass --store DIR (or set TARMAC_STORE) to a writable directory")
        }
    }

    /// A 0-byte database (with no write-ahead log holding its pages) next to non-empty `artifacts/` or `objects/`
    /// lost the history of those runs: opening it would silently start a new, empty one.
    private static func refuseLostHistory(path: String, directory: String) throws {
        var wal = stat()
        if stat(path + "-wal", &wal) == 0, wal.st_size > 0 { return }
        let full = historyDirectories.filter { name in
            !((try? FileManager.default.contentsOfDirectory(atPath: directory + "/" + name)) ?? []).isEmpty
        }
        guard !full.isEmpty else { return }
        throw RunStoreError(
            .lostHistory, "the run store is empty (0 bytes) but \(directory) holds "
                + full.map { $0 + "/" }.joined(separator: " and ") + " of earlier runs: their history is lost",
            path: path,
            hint: "restore tarmac.sqlite from a backup (`tarmac store backup FILE` makes one), or run `tarmac store repair` "
                + "to start a new history and keep those files (earlier runs and cache entries cannot be rebuilt)")
    }

    /// Refuses `path` when it is a symbolic link whose target does not exist.
    private static func refuseDanglingLink(_ path: String, what: String, storePath: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK, stat(path, &info) != 0 else { return }
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
        throw RunStoreError(.access, "the \(what) \(path) is a symbolic link to \(target), which does not exist", path: storePath,
                            hint: "create \(target), remove the link, or pass --store DIR (or set TARMAC_STORE) to another directory")
    }

    /// Creates `directory` and its missing parents with mode 0700 (mkdir(2), so the error names the real cause).
    private static func makeDirectory(_ directory: String, storePath: String) throws {
        guard !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) else { return }
        var partial = ""
        for component in directory.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, directoryMode) != 0 && errno != EEXIST {
                let reason = String(cString: strerror(errno))
                throw RunStoreError(.access, "cannot create the store directory \(directory): \(reason) (at \(partial))",
                                    path: storePath,
                                    hint: "pass --store DIR (or set TARMAC_STORE) to a directory you can write")
            }
        }
        var info = stat()
        if stat(directory, &info) != 0 || (info.st_mode & S_IFMT) != S_IFDIR {
            throw RunStoreError(.access, "the store directory \(directory) is not a directory", path: storePath,
                                hint: "pass --store DIR (or set TARMAC_STORE) to a directory")
        }
    }
}
