import Foundation
import Glibc

/// One running child's process group and why it is being ended, if it is.
///
/// The group is signalled only while `finished` is false, and the runner sets `finished` before it
/// reaps the group leader: until then the leader is at least a zombie, so its pid (the group id)
/// cannot have been reused by an unrelated process and `kill(-pgid, …)` is always aimed right.
/// `@unchecked Sendable`: every mutable field is guarded by `lock`.
final class LiveProcess: @unchecked Sendable {
    /// Why the group is being ended.
    enum Reason { case timeout, cancel }

    /// The process group id, which is the leader's pid.
    let pgid: pid_t
    private let lock = NSLock()
    private var finished = false
    private var timedOut = false
    private var cancelled = false

    /// Tracks the group led by `pgid`.
    init(pgid: pid_t) { self.pgid = pgid }

    /// SIGTERM to the whole group now, SIGKILL after `grace` seconds if it is still running.
    func terminate(_ reason: Reason, grace: Double) {
        let first: Bool = lock.withLock {
            guard !finished else { return false }
            let first = !timedOut && !cancelled
            switch reason {
            case .timeout: timedOut = true
            case .cancel: cancelled = true
            }
            kill(-pgid, SIGTERM)
            return first
        }
        guard first else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + max(0, grace)) { [weak self] in
            self?.signalGroup(SIGKILL)
        }
    }

    /// Sends `signal` to every process left in the group, unless it has already been reaped.
    func signalGroup(_ signal: Int32) {
        lock.withLock {
            if !finished { _ = kill(-pgid, signal) }
        }
    }

    /// Stops all signalling (call before reaping the leader) and says why the process ended.
    func finish() -> (timedOut: Bool, cancelled: Bool) {
        lock.withLock {
            finished = true
            return (timedOut, cancelled)
        }
    }
}
