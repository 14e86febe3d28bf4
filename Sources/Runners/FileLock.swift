import Glibc

/// An exclusive `flock` on a lock file, held until `unlock()`. Excludes other processes and, because
/// each lock opens its own file description, other threads of this process too.
final class FileLock {
    private var fd: Int32

    /// Blocks until the lock on `path` (created if missing) is ours.
    init(path: String) throws(RunnerError) {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw RunnerError(.fileSystem, "cannot open the lock file: \(String(cString: strerror(errno)))", at: .path(path))
        }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw RunnerError(.fileSystem, "cannot lock: \(reason)", at: .path(path))
            }
        }
    }

    /// Releases the lock (closing the descriptor releases it).
    func unlock() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
    }

    deinit { unlock() }
}
