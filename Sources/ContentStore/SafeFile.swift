import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Opens files that a task (or anyone with write access to the store) may have planted: never blocks on a
/// FIFO, never follows a final symbolic link unless asked, never takes a terminal as its controlling one,
/// and refuses anything that is not a regular file before a single byte is read.
public enum SafeFile {
    /// What kind of file system object `mode` describes, in words for an error message.
    public static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: return "a regular file"
        case S_IFDIR: return "a directory"
        case S_IFLNK: return "a symbolic link"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }

    /// Whether `mode` is a FIFO, a device or a socket: nothing whose bytes are artifact content.
    public static func isSpecial(_ mode: mode_t) -> Bool {
        let type = mode & S_IFMT
        return type != S_IFREG && type != S_IFDIR && type != S_IFLNK
    }

    /// A read-only descriptor of the regular file `path` and its size. `O_NONBLOCK` makes opening a FIFO
    /// return at once (and then it is refused by the `fstat` check), `O_NOCTTY` keeps a terminal device from
    /// becoming ours, `O_NOFOLLOW` (unless `followLinks`) refuses a symbolic link.
    public static func openRegular(_ path: String, followLinks: Bool = false) throws -> (fd: Int32, size: Int64) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (followLinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else {
            if errno == ELOOP { throw ContentStoreError("will not read \(path): it is a symbolic link", path: path) }
            throw FileCopier.failure("cannot read", path)
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = FileCopier.failure("cannot read", path)
            close(fd)
            throw error
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw ContentStoreError("will not read \(path): it is \(kindName(info.st_mode)), not a regular file", path: path)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return (fd, Int64(info.st_size))
    }

    /// The whole content of the regular file `path` (at most `limit` bytes), opened as `openRegular` does.
    public static func read(_ path: String, limit: Int = 64 << 20) throws -> Data {
        let (fd, size) = try openRegular(path)
        defer { close(fd) }
        guard size <= Int64(limit) else { throw ContentStoreError("\(path) is \(size) bytes, more than \(limit)", path: path) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
        return (try handle.read(upToCount: limit)) ?? Data()
    }

    /// Copies the regular file `source` (never through a final symbolic link, never a FIFO or device) to
    /// `destination`, which must not exist; holes stay holes. The copy is readable by everyone (0644).
    public static func copyRegular(_ source: String, to destination: String) throws {
        _ = try FileCopier.hash(source, copyingTo: destination, followLinks: false)
        chmod(destination, 0o644)
    }
}
