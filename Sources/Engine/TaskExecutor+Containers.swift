import Basics
import Foundation
import PipelineIR
import Planner
import Runners

extension TaskExecutor {
    /// The values of the task's secret and config-map env vars (both runners), from
    /// `--secrets-dir DIR` (`DIR/NAME/KEY`) or else the variable `TARMAC_SECRET_<NAME>_<KEY>`.
    /// Never logged and never recorded: they go only into the task's environment.
    func secretEnvironment(_ platform: TaskPlatform) throws -> [String: String] {
        var result: [String: String] = [:]
        for entry in platform.environment {
            if let value = secretValue(entry.source, key: entry.key) {
                result[entry.envVar] = value
            } else if !entry.optional {
                throw TaskFailure("secret or config map '\(entry.source)' has no key '\(entry.key)' (for \(entry.envVar))"
                                  + " in \(context.name(.secretsDirectory)) or $\(Self.secretVariable(entry.source, entry.key))")
            }
        }
        return result
    }

    private func secretValue(_ name: String, key: String) -> String? {
        if let directory = context.options.placement.containers.secretsDirectory,
           let text = try? String(contentsOfFile: "\(directory)/\(name)/\(key)", encoding: .utf8) {
            return text
        }
        return context.options.inputs.environment[Self.secretVariable(name, key)]
    }

    /// `TARMAC_SECRET_<NAME>_<KEY>`, upper-cased, other characters than letters and digits as `_`.
    static func secretVariable(_ name: String, _ key: String) -> String {
        let text = "TARMAC_SECRET_\(name)_\(key)".uppercased()
        return String(text.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    /// The container that runs `argv` for `request` in container mode; nil in subprocess mode.
    func containerInvocation(_ request: TaskRequest, invocation: TaskInvocation, argv: [String],
                             secrets: [String: String]) throws -> ContainerInvocation? {
        guard case .container(let engine, _) = request.runner else { return nil }
        let options = context.options.placement.containers
        let image = try Self.resolveImage(request.container.image, parameters: invocation.parameterValues)
        var container = ContainerInvocation(engine: engine, name: ContainerInvocation.containerName("\(context.runID)-\(request.name)"),
                                            runID: context.runID, image: ContainerInvocation.normalizedImage(image), command: argv)
        container.environment = request.container.env.map { ContainerInvocation.Variable($0.name, $0.value) } + options.environment
        container.hiddenEnvironment = options.passedEnvironment.merging(secrets) { _, secret in secret }
        container.workingDirectory = request.taskDirectory
        container.mounts = [ContainerMount(hostPath: context.options.output.pipelineRoot, containerPath: context.options.output.pipelineRoot)]
        container.mounts += outsideArtifactMounts(invocation)
        // Only in tasks that use it, as the driver mounts the workspace volume (driver.go, `needsWorkspaceMount`).
        if let workspace = context.workspaceDirectory, request.workspaceVolume != nil {
            try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
            container.mounts.append(ContainerMount(hostPath: workspace, containerPath: RunContext.workspaceMountPath))
        }
        container.mounts += options.mounts
        try addVolumes(request.platform, to: &container, taskDirectory: request.taskDirectory)
        let resources = request.container.resources
        container.cpus = try resources?.cpuLimit.flatMap { try KubernetesQuantity.value(of: $0, parameters: invocation.parameterValues) }
        container.memoryBytes = try resources?.memoryLimit
            .flatMap { try KubernetesQuantity.value(of: $0, parameters: invocation.parameterValues) }.map { Int64($0.rounded(.up)) }
        container.shmSizeBytes = try request.platform.sharedMemory
            .flatMap { try KubernetesQuantity.value(of: $0, parameters: [:]) }.map { Int64($0.rounded(.up)) }
        container.pull = options.pull ?? Self.pullPolicy(request.platform.imagePullPolicy)
        container.network = options.network
        container.gpus = request.gpus
        container.user = request.platform.user
        container.requireNonRoot = request.platform.requireNonRoot
        if container.user != nil { Self.openUp(request.taskDirectory) }
        return container
    }

    /// The container of one attempt: its own name (the previous one may still be going away), `KFP_RETRY_INDEX`
    /// and, for a task with a retry policy, `{{retries}}` substituted in its command line.
    static func container(_ base: ContainerInvocation, attempt: Int, retries: Bool) -> ContainerInvocation {
        var container = base
        if attempt > 0 { container.name += "-retry-\(attempt)" }
        if retries {
            container.environment.append(ContainerInvocation.Variable("KFP_RETRY_INDEX", String(attempt)))
            container.command = substituteRetries(in: container.command, attempt: attempt)
        }
        return container
    }

    /// Argo's `{{retries}}`, the 0-based attempt index, replaced wherever it appears in a retried task's command
    /// line (its inputs reach the executor pod through the driver's pod spec patch, which Argo substitutes per
    /// attempt; `backend/src/v2/compiler/argocompiler/container.go` gives only templates with a retry policy a
    /// `retryStrategy`). A task without a retry policy keeps the text literally.
    static func substituteRetries(in argv: [String], attempt: Int) -> [String] {
        argv.map { $0.replacingOccurrences(of: "{{retries}}", with: String(attempt)) }
    }

    /// Input artifacts that live outside the pipeline root (`--artifact`, importers), mounted read-only.
    private func outsideArtifactMounts(_ invocation: TaskInvocation) -> [ContainerMount] {
        let root = context.options.output.pipelineRoot + "/"
        let paths = Set(invocation.inputArtifacts.values.flatMap { $0 }.map(\.uri).filter { $0.hasPrefix("/") && !$0.hasPrefix(root) })
        return paths.sorted().filter { FileManager.default.fileExists(atPath: $0) }
            .map { ContainerMount(hostPath: $0, containerPath: $0, readOnly: true) }
    }

    /// PVCs (`<store>/volumes/NAME` or `--volume NAME=DIR`, shared by every task), secret and
    /// config-map directories (read-only), empty directories (fresh per task) and memory-backed ones.
    private func addVolumes(_ platform: TaskPlatform, to container: inout ContainerInvocation, taskDirectory: String) throws {
        let fm = FileManager.default
        for volume in platform.volumes {
            switch volume.kind {
            case .persistentClaim:
                var directory = context.options.placement.containers.volumes[volume.name]
                    ?? (context.options.output.storeDirectory as NSString).appendingPathComponent("volumes/\(volume.name)")
                if let sub = volume.subPath, !sub.isEmpty { directory += "/" + sub }
                try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
                container.mounts.append(ContainerMount(hostPath: directory, containerPath: volume.mountPath))
            case .secret:
                let directory = context.options.placement.containers.secretsDirectory.map { "\($0)/\(volume.name)" }
                guard let directory, fm.fileExists(atPath: directory) else {
                    if volume.optional { continue }
                    throw TaskFailure("secret or config map '\(volume.name)' (mounted at \(volume.mountPath)) is not in \(context.name(.secretsDirectory))")
                }
                container.mounts.append(ContainerMount(hostPath: directory, containerPath: volume.mountPath, readOnly: true))
            case .emptyDirectory:
                let directory = taskDirectory + "/volumes/" + ContainerInvocation.containerName(volume.name)
                try? fm.removeItem(atPath: directory)
                try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
                container.mounts.append(ContainerMount(hostPath: directory, containerPath: volume.mountPath))
            case .memory:
                container.tmpfsMounts.append(TmpfsMount(path: volume.mountPath, sizeBytes: volume.sizeBytes))
            }
        }
    }

    /// The image, with a `{{$.inputs.parameters['x']}}` placeholder replaced by that input's string value (§2.9.14).
    static func resolveImage(_ image: String, parameters: [String: JSONValue]) throws -> String {
        let resolved = try KubernetesQuantity.substitute(image, parameters: parameters)
        guard !resolved.isEmpty else { throw TaskFailure("the container image '\(image)' resolves to an empty name") }
        return resolved
    }

    /// Kubernetes' `imagePullPolicy` as `--pull` (default: pull only a missing image).
    static func pullPolicy(_ kubernetes: String?) -> ImagePullPolicy {
        switch kubernetes {
        case "Always": .always
        case "Never": .never
        default: .missing
        }
    }

    /// A task running as another user (`securityContext`) must be able to write its task directory.
    private static func openUp(_ directory: String) {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return }
        chmod(directory, 0o777)
        while let relative = walker.nextObject() as? String { chmod(directory + "/" + relative, 0o777) }
    }

    /// A container like `task`'s with `/bin/sh` as its entrypoint, for `tarmac shell`: another name, no
    /// secret values (the variables passed by name are dropped), the rest as the task had it.
    static func shellContainer(_ task: ContainerInvocation) -> InvocationRecord.ContainerShell {
        var shell = task
        shell.name = task.name + "-shell"
        shell.command = ["/bin/sh"]
        shell.hiddenEnvironment = [:]
        shell.pull = .never
        shell.autoRemove = true  // nobody is left to remove it after the shell
        return InvocationRecord.ContainerShell(engine: task.engine.rawValue, arguments: shell.arguments)
    }
}
