import Dispatch
import Foundation
import Glibc

/// Creates task directories ahead of time, off the path from one task to the next: when a task is launched,
/// the directories of the tasks waiting only for it are made on a background queue while it runs, so a chain
/// of short tasks does not wait for `mkdir` between them (on ext4, allocating a directory inode costs about
/// as much as spawning a trivial process). At the end of the run the directories of tasks that never ran
/// are removed again (`rmdir` removes only empty ones).
///
/// `@unchecked Sendable`: `made` is guarded by `lock`.
final class DirectoryPrefetch: @unchecked Sendable {
    private let queue = DispatchQueue(label: "tarmac.directories", qos: .utility)
    private let lock = NSLock()
    private var made: [String] = []

    /// Makes `directory` (and its missing parents) soon, on the background queue.
    func prepare(_ directory: String) {
        queue.async {
            guard (try? TaskExecutor.makeDirectory(directory)) != nil else { return }
            self.lock.withLock { self.made.append(directory) }
        }
    }

    /// Waits for pending work, then removes the prepared directories that are still empty (their task never ran).
    func removeUnused() {
        queue.sync {}
        for directory in lock.withLock({ made }) { rmdir(directory) }
    }
}
