import Basics
import ContentStore
import Foundation
import Glibc
import Planner

/// Reads and checks what a component left in its task directory, trusting none of it: a file Tarmac reads
/// must be a regular file whose real path (symbolic links followed) is inside the task directory and no larger
/// than `maximumFileBytes`; an output artifact's path must resolve inside the task directory too. So a
/// component (or a container writing through its bind mount) cannot make Tarmac read, record or write a file
/// elsewhere by planting links, FIFOs or devices.
struct TaskDirectoryGuard {
    /// The largest executor output or output parameter file read (the cluster's limits are far smaller).
    static let maximumFileBytes = 64 << 20

    /// The task directory as laid out, and its real path.
    let taskDirectory: String
    let realTaskDirectory: String

    /// A guard of `taskDirectory` whose real path is `realTaskDirectory` (taken before the component runs, so
    /// that a component cannot move it elsewhere; nil when it could not be found: the path as laid out).
    init(taskDirectory: String, realTaskDirectory: String?) {
        self.taskDirectory = taskDirectory
        self.realTaskDirectory = realTaskDirectory ?? taskDirectory
    }


    /// `path`'s real location: its deepest existing ancestor resolved, the rest appended (the rest holds no links).
    func resolvedLocation(_ path: String) -> String {
        var existing = path
        var rest: [String] = []
        while FilePaths.real(existing) == nil, existing != "/", !existing.isEmpty {
            rest.insert((existing as NSString).lastPathComponent, at: 0)
            existing = (existing as NSString).deletingLastPathComponent
        }
        let base = FilePaths.real(existing) ?? existing
        return rest.isEmpty ? base : (base as NSString).appendingPathComponent(rest.joined(separator: "/"))
    }

    /// Whether `location` (a real path) is strictly inside the task directory.
    func isInside(_ location: String) -> Bool { location.hasPrefix(realTaskDirectory + "/") }

    /// Throws unless output artifact `key`'s path stays inside the task directory once links are followed.
    func checkArtifact(_ key: String, path: String) throws(InvocationError) {
        let location = resolvedLocation(path)
        guard isInside(location) else {
            throw InvocationError("output artifact '\(key)': \(path) leads through a symbolic link to \(location), outside the task directory \(taskDirectory)",
                                  hint: "write the artifact's data at its path; Tarmac does not follow links out of a task directory")
        }
        // A FIFO would block whoever opens it, a device would be read as endless data: neither is an artifact.
        var info = stat()
        if stat(path, &info) == 0, SafeFile.isSpecial(info.st_mode) {
            throw InvocationError("output artifact '\(key)': \(path) is \(SafeFile.kindName(info.st_mode)), not a file or a directory; it was not read",
                                  hint: "write the artifact's data as a regular file (or a directory of them) at its path")
        }
    }

    /// The UTF-8 text of a file the component wrote (`what` names it in errors); nil when it does not exist.
    func readText(_ path: String, what: String) throws(InvocationError) -> String? {
        // O_NONBLOCK: opening a FIFO planted in place of the file must not block the run.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw InvocationError("cannot read \(what) \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw InvocationError("\(what) \(path) is not a regular file", hint: "a component must write its outputs as plain files")
        }
        let opened = FilePaths.real("/proc/self/fd/\(fd)") ?? resolvedLocation(path)
        guard isInside(opened) else {
            throw InvocationError("\(what) \(path) is a symbolic link to \(opened), outside the task directory \(taskDirectory); it was not read")
        }
        guard Int(status.st_size) <= Self.maximumFileBytes else {
            throw InvocationError("\(what) \(path) is \(status.st_size) bytes, more than the \(Self.maximumFileBytes >> 20) MiB Tarmac reads")
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
        let data = (try? handle.read(upToCount: Self.maximumFileBytes + 1)) ?? Data()
        guard let text = String(data: data, encoding: .utf8) else {
            throw InvocationError("\(what) \(path) is not UTF-8 text")
        }
        return text
    }
}
