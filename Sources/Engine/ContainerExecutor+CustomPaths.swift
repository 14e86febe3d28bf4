import Foundation
import Planner
import Runners

/// The engine's messages for container copies that failed, by output artifact key (written by the runner's hook).
final class StagingFailures: @unchecked Sendable {  // `lock` guards `byKey`
    private let lock = NSLock()
    private var byKey: [String: String] = [:]

    func set(_ failures: [String: String]) { lock.withLock { byKey = failures } }
    subscript(key: String) -> String? { lock.withLock { byKey[key] } }
}

extension ContainerExecutor {
    /// For a container task with output artifacts: a hook that, once the container has exited and before it is
    /// removed, reads the executor output and copies every reported `custom_path` out (`CustomPathImport.stage`).
    func customPathHook(_ invocation: TaskInvocation, guardian: TaskDirectoryGuard, failures: StagingFailures) -> ContainerHook? {
        guard !invocation.outputArtifacts.isEmpty else { return nil }
        return ContainerHook { files in
            let text = try? guardian.readText(invocation.layout.executorOutputFile, what: "the executor output file")
            let paths = invocation.reportedCustomPaths(executorOutputText: text ?? nil)
            failures.set(paths.isEmpty ? [:] : CustomPathImport.stage(paths, taskDirectory: invocation.layout.taskDirectory, files: files))
        }
    }

    /// Puts the data of each collected `custom_path` at its artifact's path (`CustomPathImport.bringIn`), warning as it says.
    func bringInCustomPaths(_ collected: CollectedOutputs, guardian: TaskDirectoryGuard, inContainer: Bool,
                            failures: StagingFailures, task: String) throws {
        let importer = CustomPathImport(guardian: guardian)
        for (key, path) in collected.customPaths.sorted(by: { $0.key < $1.key }) {
            guard let artifact = collected.artifacts[key] else { continue }
            if let warning = try importer.bringIn(key, customPath: path, artifact: artifact, inContainer: inContainer, failure: failures[key]) {
                context.warnOnce("\(task): \(warning)")
            }
        }
    }
}
