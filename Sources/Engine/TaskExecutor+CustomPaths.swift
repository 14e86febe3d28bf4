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

extension TaskExecutor {
    /// For a container task with output artifacts: a hook that, once the container has exited and before it is
    /// removed, reads the executor output and copies every reported `custom_path` out (`CustomPathImport.stage`).
    /// Only a KFP Python executor component can report one (`artifact.set_path`), so only its container is kept
    /// until then; every other container runs with `--rm`, which saves the engine's `inspect` and `rm` per task.
    func customPathHook(_ invocation: TaskInvocation, argv: [String], guardian: TaskDirectoryGuard,
                        failures: StagingFailures) -> ContainerHook? {
        guard !invocation.outputArtifacts.isEmpty, Self.canSetCustomPath(argv) else { return nil }
        return ContainerHook { files in
            let text = try? guardian.readText(invocation.layout.executorOutputFile, what: "the executor output file")
            let paths = invocation.reportedCustomPaths(executorOutputText: text ?? nil)
            failures.set(paths.isEmpty ? [:] : CustomPathImport.stage(paths, taskDirectory: invocation.layout.taskDirectory, files: files))
        }
    }

    /// Whether the command runs the KFP Python executor, which writes `custom_path` for an artifact whose path the
    /// component set (the SDK's `executor.py`); the launcher reads it from any executor output.
    static func canSetCustomPath(_ argv: [String]) -> Bool {
        argv.contains { $0.contains("kfp.dsl.executor_main") || $0.contains("kfp.components.executor_main") }
    }

    /// Puts the data of each collected `custom_path` at its artifact's path (`CustomPathImport.bringIn`), warning as it says.
    /// `copiedOut`: a container task's container was kept for `customPathHook` (else it is gone, and a custom path fails).
    func bringInCustomPaths(_ collected: CollectedOutputs, guardian: TaskDirectoryGuard, inContainer: Bool, copiedOut: Bool,
                            failures: StagingFailures, task: String) throws {
        let importer = CustomPathImport(guardian: guardian)
        for (key, path) in collected.customPaths.sorted(by: { $0.key < $1.key }) {
            guard let artifact = collected.artifacts[key] else { continue }
            if inContainer, !copiedOut {
                throw TaskFailure("output artifact '\(key)': the executor output names a custom_path (\(path)), which Tarmac copies "
                                  + "out only for a KFP Python component (artifact.set_path); this container was removed when it "
                                  + "ended (--rm): write the artifact to its path (\(artifact.uri)) instead")
            }
            if let warning = try importer.bringIn(key, customPath: path, artifact: artifact, inContainer: inContainer, failure: failures[key]) {
                context.warnOnce("\(task): \(warning)")
            }
        }
    }
}
