import Basics
import ContentStore
import Foundation
import Glibc
import Planner
import Runners

/// Brings in the data of output artifacts whose component chose their path (`artifact.set_path(...)`, kfp 2.15+:
/// `custom_path` in the executor output). The launcher uploads the file or directory from that path to the
/// artifact's URI (component/launcher_v2.go, `uploadOutputArtifacts` through `retrieveArtifactPath`); the URI stays
/// as provisioned, so downstream tasks read the data there. Tarmac copies it to the artifact's path:
/// - in a container the path is inside the container, so it is copied out with `<engine> cp` after the container
///   exits and before it is removed (`stage`), into `<task>/.custom-paths/<key>`; a bind mount cannot be used, since
///   the path is only known once the component has written the executor output;
/// - on the host the component already had the path: it is copied in, with a warning naming it.
/// Either way no symbolic link is followed and no FIFO, device or socket is opened: such a file fails the task.
struct CustomPathImport {
    let guardian: TaskDirectoryGuard

    /// Where a container's `custom_path` of `key` is copied to before it is checked.
    static func stagingPath(taskDirectory: String, key: String) -> String {
        taskDirectory + "/.custom-paths/" + key
    }

    /// In a container, before it is removed: copies each reported `custom_path` out to its staging path.
    /// Returns, per key, the engine's message for a copy that failed.
    static func stage(_ paths: [String: String], taskDirectory: String, files: ContainerFiles) -> [String: String] {
        var failures: [String: String] = [:]
        for (key, path) in paths.sorted(by: { $0.key < $1.key }) {
            let staging = stagingPath(taskDirectory: taskDirectory, key: key)
            try? FileManager.default.removeItem(atPath: staging)
            try? FileManager.default.createDirectory(atPath: (staging as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if let failure = files.copyOut(path, to: staging) { failures[key] = failure }
        }
        return failures
    }

    /// Puts the data of `key`'s custom path at `artifact`'s path, replacing what is there. `inContainer`: the data
    /// was staged (`stage`), with `failure` when the copy failed. Returns a warning to show, if any.
    func bringIn(_ key: String, customPath: String, artifact: RuntimeArtifact, inContainer: Bool, failure: String?) throws -> String? {
        let source = inContainer ? Self.stagingPath(taskDirectory: guardian.taskDirectory, key: key) : customPath
        var info = stat()
        if lstat(source, &info) != 0 {
            // The launcher warns about a path that does not exist and records the artifact anyway.
            if let failure, !Self.isMissing(failure) {
                throw TaskFailure("output artifact '\(key)': cannot copy its custom_path \(customPath) out of the container: \(failure)")
            }
            return "output artifact '\(key)': its custom_path \(customPath) does not exist; the artifact keeps what is at \(artifact.uri), as the launcher skips the upload"
        }
        if let unsafe = try SafeTree.firstUnsafeEntry(source) {
            throw TaskFailure("output artifact '\(key)': its custom_path \(customPath) holds \(unsafe.kind) at \(unsafe.path); "
                              + "it was not read (Tarmac never follows a link or opens a special file)")
        }
        do {
            try guardian.checkArtifact(key, path: artifact.uri)
        } catch {
            throw TaskFailure(error.message)
        }
        if inContainer {
            try? FileManager.default.removeItem(atPath: artifact.uri)
            try FileManager.default.createDirectory(atPath: (artifact.uri as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.moveItem(atPath: source, toPath: artifact.uri)
            return nil
        }
        try SafeTree.copy(source, to: artifact.uri)
        return "output artifact '\(key)': copied in from \(customPath), the path the component chose (custom_path); "
            + "on the cluster that path is inside the task's container"
    }

    /// Whether an engine's `cp` message says the path does not exist in the container.
    static func isMissing(_ message: String) -> Bool {
        let text = message.lowercased()
        return text.contains("no such file") || text.contains("could not find") || text.contains("could not be found")
    }
}
