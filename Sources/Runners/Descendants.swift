import Basics
import Foundation
import Glibc

/// Finds and ends what a task left running outside its process group (`setsid daemon &`, a double fork).
///
/// Tarmac becomes a child subreaper (`PR_SET_CHILD_SUBREAPER`), so an orphaned descendant of a task is
/// re-parented to Tarmac rather than to init: every process a task started is then somewhere below one of
/// Tarmac's children, and `/proc/<pid>/task/*/children` lists them without a scan of all of `/proc`. Each task
/// process carries `TARMAC_PROCESS=<tarmac pid>-<n>` in its environment (inherited by whatever it starts); when
/// its leader exits, every process below Tarmac that carries that marker is killed, as a pod's containers end
/// when its main process does. A process that also cleared its environment (`env -i setsid …`) carries no marker:
/// it is found as an orphan in another session, by its working directory at the leader's exit (`killEscaped`),
/// and in any case at the end of the run.
public enum Descendants {
    /// The environment variable that marks the processes of one task process.
    public static let markerVariable = "TARMAC_PROCESS"

    private static let counter = Locked(0)

    /// A new marker value, unique within this Tarmac process and across Tarmac processes alive at once.
    static func newMarker() -> String { "\(getpid())-\(counter.withLock { $0 += 1; return $0 })" }

    /// The prefix of every marker value this Tarmac process hands out.
    static var markerPrefix: String { "\(getpid())-" }

    /// Makes this process a child subreaper (Linux); false when the kernel refused or has no `prctl`.
    @discardableResult
    public static func becomeSubreaper() -> Bool { subreaper }
    private static let subreaper: Bool = {
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, "prctl") else { return false }
        let prctl = unsafeBitCast(address, to: Prctl.self)
        return prctl(36 /* PR_SET_CHILD_SUBREAPER */, 1, 0, 0, 0) == 0
    }()

    /// Kills what a task's leader left behind as it exits: every process below this one whose marker is exactly
    /// `marker`, then `killEscaped(under: directory)`. It must be cheap: whatever the leader left outside its group has
    /// been re-parented to this process by then, and Linux gives re-parented orphans to the main thread, so both walks
    /// start from that one thread's children, read once here. When it has none, the usual case, nothing else is read
    /// (no session, no resolved directory; strace of the 1,000-task loop: 12 of a task's ~200 calls, children included).
    static func killLeftovers(marker: String, directory: String) {
        let orphans = childrenOfThread(getpid(), of: getpid())
        guard !orphans.isEmpty else { return }
        kill(from: orphans) { $0 == marker }
        killEscaped(under: directory)
    }

    /// Kills every process below this one that carries a marker of this Tarmac process (the end of a run, a
    /// second Ctrl-C); returns how many.
    @discardableResult
    public static func killAllMarked() -> Int {
        let prefix = markerPrefix
        return kill(from: children(of: getpid())) { $0.hasPrefix(prefix) }
    }

    private static func kill(from roots: [pid_t], where matches: (String) -> Bool) -> Int {
        kill(from: roots, selecting: { pid in marker(of: pid).map(matches) ?? false })
    }

    /// SIGKILLs every process at or below `roots` that `selecting` picks, and reaps those that are our children.
    private static func kill(from roots: [pid_t], selecting: (pid_t) -> Bool) -> Int {
        guard !roots.isEmpty else { return 0 }
        var killed: [pid_t] = []
        var pending = roots
        var seen = Set<pid_t>()
        while let pid = pending.popLast() {
            guard seen.insert(pid).inserted else { continue }
            pending += children(of: pid)
            if selecting(pid), Glibc.kill(pid, SIGKILL) == 0 { killed.append(pid) }
        }
        // Those re-parented to us are our children now: reap them, off this thread, so no zombie is left.
        let ours = Set(children(of: getpid()))
        let zombies = killed.filter(ours.contains)
        if !zombies.isEmpty {
            DispatchQueue.global().async {
                for pid in zombies {
                    var status: Int32 = 0
                    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                }
            }
        }
        return killed.count
    }

    /// Kills what escaped both the process group and the marker (`env -i setsid daemon &`), with everything below
    /// it: orphans re-parented to this process (a subreaper) that left this process's session and carry no marker.
    /// With `directory`, only those whose working directory is inside it (a task's own directory: nothing else's
    /// leftovers, even while other tasks run); without, all of them (the end of a run). Returns how many it killed.
    @discardableResult
    public static func killEscaped(under directory: String? = nil) -> Int {
        kill(from: escapedOrphans(under: directory), selecting: { _ in true })
    }

    /// The orphans `killEscaped(under:)` kills (each with everything below it).
    static func escapedOrphans(under directory: String?) -> [pid_t] {
        let ownSession = getsid(0)
        let inside = directory.map { FilePaths.real($0) ?? $0 }
        return childrenOfThread(getpid(), of: getpid()).filter { pid in
            guard let session = session(of: pid), session != ownSession, marker(of: pid) == nil else { return false }
            guard let inside else { return true }
            guard let cwd = workingDirectory(of: pid) else { return false }
            return cwd == inside || cwd.hasPrefix(inside + "/")
        }
    }

    /// The session id of `pid` (field 6 of `/proc/<pid>/stat`), or nil when it is gone.
    static func session(of pid: pid_t) -> pid_t? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 3 ? pid_t(fields[3]) : nil
    }

    /// Where `pid` runs (`/proc/<pid>/cwd`), or nil.
    static func workingDirectory(of pid: pid_t) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")
    }

    /// The direct children of `pid`, from every one of its threads.
    static func children(of pid: pid_t) -> [pid_t] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.compactMap { pid_t($0) }.flatMap { childrenOfThread($0, of: pid) }
    }

    /// The children of one thread `tid` of process `pid` (`/proc/<pid>/task/<tid>/children`, space-separated).
    static func childrenOfThread(_ tid: pid_t, of pid: pid_t) -> [pid_t] {
        let fd = open("/proc/\(pid)/task/\(tid)/children", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") })
            .compactMap { pid_t(String(decoding: $0, as: UTF8.self)) }
    }

    /// The value of `TARMAC_PROCESS` in `pid`'s environment (nil for a zombie or another user's process).
    static func marker(of pid: pid_t) -> String? {
        guard let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return nil }
        let needle = Data((markerVariable + "=").utf8)
        var searchStart = environment.startIndex
        while let found = environment.range(of: needle, in: searchStart..<environment.endIndex) {
            if found.lowerBound == environment.startIndex || environment[found.lowerBound - 1] == 0 {
                let end = environment[found.upperBound...].firstIndex(of: 0) ?? environment.endIndex
                return String(decoding: environment[found.upperBound..<end], as: UTF8.self)
            }
            searchStart = found.upperBound
        }
        return nil
    }
}
