import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Creates the store's directory and file with owner-only permissions before SQLite opens it.
///
/// SQLite creates `-wal` and `-shm` with the database file's mode, so making the file 0600 first keeps
/// all three private. Existing files and directories keep whatever permissions the user gave them.
enum StoreFiles {
    /// Permissions of a directory we create.
    static let directoryMode: mode_t = 0o700
    /// Permissions of a database file we create.
    static let fileMode: mode_t = 0o600

    /// Ensures the parent directory exists (0700 if created) and the file exists (0600 if created).
    static func prepare(path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try makeDirectory(directory, storePath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                throw RunStoreError(.access, "the run store path is a directory", path: path,
                                    hint: "pass a file path such as DIR/runs.sqlite")
            }
            return
        }
        // O_EXCL: when two processes race to create the store, exactly one creates it and neither
        // truncates the other's file. A lost race (EEXIST) is fine.
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, fileMode)
        if fd >= 0 {
            close(fd)
        } else if errno != EEXIST {
            throw RunStoreError(.access, "cannot create the run store: \(String(cString: strerror(errno)))",
                                path: path, hint: "check the permissions of its directory")
        }
    }

    /// Creates `directory` and its missing parents with mode 0700.
    private static func makeDirectory(_ directory: String, storePath: String) throws {
        guard !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) else { return }
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true,
                attributes: [.posixPermissions: Int(directoryMode)])
        } catch {
            throw RunStoreError(.access, "cannot create the run store's directory \(directory): "
                                + "\(error.localizedDescription)", path: storePath)
        }
    }
}
