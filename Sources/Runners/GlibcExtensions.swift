import Glibc

/// GNU extensions that Swift's Glibc module does not import (they sit behind `_GNU_SOURCE`),
/// looked up once in the running C library with `dlsym`.
enum GlibcExtensions {
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    typealias PidfdOpen = @convention(c) (pid_t, UInt32) -> Int32

    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29+): the child changes directory before exec.
    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+): the child closes every fd from N up.
    static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
    /// `pipe2` (glibc 2.9+), so that pipes are close-on-exec from birth.
    static let pipe2: Pipe2? = symbol("pipe2")
    /// `pidfd_open` (glibc 2.36+, Linux 5.3+): an fd that polls readable when the process exits.
    static let pidfdOpen: PidfdOpen? = symbol("pidfd_open")

    /// A close-on-exec pidfd for `pid`, or nil when the C library or the kernel has none.
    static func pidfd(_ pid: pid_t) -> Int32? {
        guard let pidfdOpen else { return nil }
        let fd = pidfdOpen(pid, 0)  // pidfds are always close-on-exec
        return fd >= 0 ? fd : nil
    }

    private static func symbol<T>(_ name: String) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, name) else { return nil }
        return unsafeBitCast(address, to: T.self)
    }

    /// A close-on-exec pipe `(read, write)`; falls back to `pipe` + `FD_CLOEXEC` without `pipe2`.
    static func cloexecPipe() throws(SpawnFailure) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        if let pipe2 {
            guard pipe2(&fds, O_CLOEXEC) == 0 else { throw SpawnFailure("pipe2", errno: errno) }
        } else {
            guard pipe(&fds) == 0 else { throw SpawnFailure("pipe", errno: errno) }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        }
        return (aboveStandardStreams(fds[0]), aboveStandardStreams(fds[1]))
    }

    /// Moves `fd` to 3 or above (when this process runs with 0, 1 or 2 closed, a pipe can land
    /// there, and the child's `dup2` onto 0–2 would then clash with it).
    private static func aboveStandardStreams(_ fd: Int32) -> Int32 {
        guard fd <= 2 else { return fd }
        let moved = fcntl(fd, F_DUPFD_CLOEXEC, 3)
        guard moved >= 0 else { return fd }
        close(fd)
        return moved
    }
}

/// Why a process could not be started: becomes `Termination.launchFailed`.
struct SpawnFailure: Error {
    /// The text of `Termination.launchFailed`.
    var message: String

    /// A failure described by `message`.
    init(_ message: String) { self.message = message }

    /// `what: strerror(errno)`.
    init(_ what: String, errno code: Int32) {
        self.message = "\(what): \(String(cString: strerror(code)))"
    }
}
