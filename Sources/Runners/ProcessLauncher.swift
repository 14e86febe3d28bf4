import Foundation
import Glibc

/// Starts one child with `posix_spawn`: its own process group, its own directory, exactly the
/// given environment, stdin from /dev/null, stdout/stderr onto the given pipe ends, no other fds.
public enum ProcessLauncher {
    /// The path `posix_spawn` should execute for `argv0`, or nil when there is no such executable.
    /// Without a slash it is searched on `environment["PATH"]` (default `/bin:/usr/bin`), like `execvp`;
    /// a relative path with a slash is taken relative to `workingDirectory`, as the child will see it.
    public static func resolveExecutable(_ argv0: String, environment: [String: String], workingDirectory: String) -> String? {
        if argv0.isEmpty { return nil }
        if argv0.utf8.contains(UInt8(ascii: "/")) {
            let full = argv0.hasPrefix("/") ? argv0 : workingDirectory + "/" + argv0
            return isExecutableFile(full) ? argv0 : nil
        }
        let path = environment["PATH"] ?? "/bin:/usr/bin"
        let key = path + "\u{0}" + argv0
        // A run spawns the same few programs thousands of times: the last hit is checked, not searched for again.
        if let known = foundLock.withLock({ found[key] }), isExecutableFile(known) { return known }
        let directories = path.split(separator: ":", omittingEmptySubsequences: false)
        let cacheable = directories.allSatisfy { $0.hasPrefix("/") }  // else the result depends on the working directory
        for directory in directories {
            let base = directory.isEmpty ? workingDirectory : String(directory)
            let candidate = base.hasPrefix("/") ? base + "/" + argv0 : workingDirectory + "/" + base + "/" + argv0
            if isExecutableFile(candidate) {
                if cacheable { foundLock.withLock { found[key] = candidate } }
                return candidate
            }
        }
        return nil
    }

    /// Where `resolveExecutable` last found a program, by `PATH` and name.
    nonisolated(unsafe) private static var found: [String: String] = [:]  // guarded by foundLock
    private static let foundLock = NSLock()

    private static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }

    /// Spawns `executable` with `argv` in a new process group whose id is the returned pid.
    static func spawn(executable: String, argv: [String], environment: [String: String],
                      workingDirectory: String, output: (stdout: Int32, stderr: Int32)) throws(SpawnFailure) -> pid_t {
        guard let addChdir = GlibcExtensions.addChdir else {
            throw SpawnFailure("posix_spawn_file_actions_addchdir_np is missing (glibc 2.29 or later is required)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output.stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, output.stderr, 2)
        if let addCloseFrom = GlibcExtensions.addCloseFrom { _ = addCloseFrom(&actions, 3) }
        guard addChdir(&actions, workingDirectory) == 0 else { throw SpawnFailure("posix_spawn_file_actions_addchdir_np", errno: errno) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)  // undo any SIG_IGN (e.g. SIGPIPE) of ours
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let cArgv = argv.map { strdup($0) } + [nil]
        let cEnv = environment.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { strdup($0.key + "=" + $0.value) } + [nil]
        defer { (cArgv + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, cArgv, cEnv)
        guard result == 0 else { throw SpawnFailure("cannot start \(argv[0])", errno: result) }
        return pid
    }
}

/// A `waitpid` status, decoded (the W* macros are not imported into Swift).
struct WaitStatus {
    /// The raw status word.
    var raw: Int32
    /// The exit code, when the process exited normally.
    var exitCode: Int32? { raw & 0x7f == 0 ? (raw >> 8) & 0xff : nil }
    /// The terminating signal, when it was killed by one.
    var signal: Int32? {
        let low = raw & 0x7f
        return low != 0 && low != 0x7f ? low : nil
    }
    /// As an `ExitStatus` (a status word of `waitpid` without `WUNTRACED` is one of the two; else "exit code -1").
    var exitStatus: ExitStatus { signal.map(ExitStatus.signaled) ?? .exited(exitCode ?? -1) }
}
