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

    /// Opens `path` for appending (close-on-exec), creating it and its parent directories. Neither the file
    /// nor its directory may be a symbolic link: the log is opened after the process starts, and a task must
    /// not be able to point Tarmac's writes elsewhere by planting one.
    static func openLog(_ path: String) throws(SpawnFailure) -> Int32 {
        let flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW
        let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
        let directory = slash.map { $0 == path.utf8.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.utf8.index(after: $0)...]) } ?? path
        var directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if directoryFD < 0, errno == ENOENT {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw SpawnFailure("cannot create the log directory \(directory): \(error.localizedDescription)")
            }
            directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        }
        guard directoryFD >= 0 else { throw SpawnFailure("cannot open the log directory \(directory)", errno: errno) }
        defer { close(directoryFD) }
        let fd = openat(directoryFD, name, flags, 0o644)
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
