import Foundation
import Glibc

extension SubprocessRunner {
    /// The executable to spawn for `spec`, or the reason it cannot be started.
    static func checkLaunchable(_ spec: ProcessSpec) throws(SpawnFailure) -> String {
        guard let argv0 = spec.argv.first else { throw SpawnFailure("empty command") }
        var info = stat()
        guard stat(spec.workingDirectory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw SpawnFailure("working directory not found: \(spec.workingDirectory)")
        }
        guard let executable = ProcessLauncher.resolveExecutable(
            argv0, environment: spec.environment, workingDirectory: spec.workingDirectory) else {
            throw SpawnFailure("command not found: \(argv0)")
        }
        return executable
    }

    /// Opens `path` for appending (close-on-exec), creating it and its parent directories.
    static func openLog(_ path: String) throws(SpawnFailure) -> Int32 {
        let flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW  // never through a planted link
        let existingParent = open(path, flags, 0o644)  // the usual case: one system call
        if existingParent >= 0 { return existingParent }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            } catch {
                throw SpawnFailure("cannot create the log directory \(parent): \(error.localizedDescription)")
            }
        }
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw SpawnFailure("cannot open the log file \(path)", errno: errno) }
        return fd
    }

    /// Close-on-exec pipes for stdout and stderr.
    static func makeOutputPipes() throws(SpawnFailure) -> (out: (read: Int32, write: Int32), err: (read: Int32, write: Int32)) {
        let out = try GlibcExtensions.cloexecPipe()
        do {
            return (out, try GlibcExtensions.cloexecPipe())
        } catch {
            close(out.read)
            close(out.write)
            throw error
        }
    }
}
