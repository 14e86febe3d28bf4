import Basics
import Foundation
import Glibc

/// Turns SIGINT, SIGTERM and SIGHUP into a cancellation of the run (a closed terminal or a CI runner's stop is
/// an interrupt, not a crash that leaves the run RUNNING). A second signal kills every process group and
/// container at once (SIGKILL, `rm --force`) and only then exits.
final class InterruptHandler: @unchecked Sendable {  // sources are created once and only cancelled
    /// The signals that interrupt a run.
    static let signals = [SIGINT, SIGTERM, SIGHUP]
    private var sources: [DispatchSourceSignal] = []

    /// Calls `cancel` on the first signal; on the second calls `forceKill` (which must return when everything
    /// is gone) and exits with the interrupted code.
    init(announce: @escaping @Sendable (String) -> Void = { Console.error($0) },
         forceKill: @escaping @Sendable () -> Void = {}, _ cancel: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "tarmac.signals")
        let count = Locked(0)
        for sig in Self.signals {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler {
                if count.withLock({ $0 += 1; return $0 }) > 1 {
                    announce("tarmac: interrupted again: killing every task process and container")
                    forceKill()
                    exit(Basics.ExitCode.interrupted.rawValue)
                }
                announce("tarmac: interrupted: stopping every task (press Ctrl-C again to force)")
                cancel()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Stops handling the signals (they stay ignored until the process exits).
    func stop() { for source in sources { source.cancel() } }

}

/// Notices that stdout or stderr can no longer be written (`tarmac run … | head -2`: the reader is gone) and
/// says so once, whether Tarmac was writing at that moment or not: a watcher thread polls the two streams when
/// they are pipes or sockets, and `Console` reports a failed write. SIGPIPE is ignored (`TarmacMain`), so the
/// run then ends as if interrupted: recorded, every task ended.
enum BrokenOutput {
    nonisolated(unsafe) private static var handler: (@Sendable () -> Void)?  // guarded by lock
    nonisolated(unsafe) private static var reported = false
    private static let lock = NSLock()

    nonisolated(unsafe) private static var watching = false

    /// Calls `body` once when a standard stream breaks (until `disarm`). Output captured in-process (tests)
    /// is not the process's streams: nothing is watched then. One watcher thread serves every run of the process.
    static func arm(_ body: @escaping @Sendable () -> Void) {
        guard Console.capture == nil else { return }
        let first: Bool = lock.withLock {
            handler = body
            reported = false
            defer { watching = true }
            return !watching
        }
        guard first else { return }
        let watched = [STDOUT_FILENO, STDERR_FILENO].filter { fd in
            var info = stat()
            guard fstat(fd, &info) == 0 else { return false }
            let type = info.st_mode & S_IFMT
            return type == S_IFIFO || type == S_IFSOCK
        }
        guard !watched.isEmpty else { return }
        Thread.detachNewThread {
            var fds = watched.map { pollfd(fd: $0, events: 0, revents: 0) }  // only POLLERR/POLLHUP are reported
            while poll(&fds, nfds_t(fds.count), -1) < 0 && errno == EINTR {}
            if fds.contains(where: { $0.revents & Int16(POLLERR | POLLHUP) != 0 }) { report() }
        }
    }

    /// Stops reporting (the run has ended).
    static func disarm() { lock.withLock { handler = nil } }

    /// A write to a standard stream failed, or the watcher saw it break.
    static func report() {
        let body: (@Sendable () -> Void)? = lock.withLock {
            guard !reported else { return nil }
            reported = true
            return handler
        }
        body?()
    }
}
