import Basics
import Foundation
import PipelineIR

/// One task's kfp-kubernetes settings with every name resolved (ir-semantics §1.5): what the
/// container runner mounts and sets, and what the subprocess runner can apply (env, timeout).
struct TaskPlatform: Sendable {
    /// `secretAsEnv` / `configMapAsEnv`: env var ← key of a named secret or config map.
    struct EnvFromSecret: Sendable {
        let envVar: String
        let source: String
        let key: String
        let optional: Bool
    }

    /// A directory mounted at `mountPath`: a secret or config map (`source`), a PVC, or an empty dir.
    struct Volume: Sendable {
        enum Kind: Sendable { case secret, persistentClaim, emptyDirectory, memory }
        let kind: Kind
        let name: String
        let mountPath: String
        var subPath: String?
        var optional = false
        /// `sizeLimit` in bytes (memory-backed volumes: the tmpfs size, as the kubelet sets it).
        var sizeBytes: Int64?
    }

    var environment: [EnvFromSecret] = []
    var volumes: [Volume] = []
    /// `activeDeadlineSeconds`.
    var timeout: Double?
    /// `securityContext` as `UID[:GID]`.
    var user: String?
    /// `securityContext.runAsNonRoot`.
    var requireNonRoot = false
    /// `enabledSharedMemory.size`, a quantity.
    var sharedMemory: String?
    /// `imagePullPolicy` (Kubernetes spelling).
    var imagePullPolicy: String?

    /// Resolves `config`; `name` resolves one `*NameParameter` (nil: skipped, as the driver skips a null name).
    init(config: KubernetesExecutorConfig?, name: (NameSource) throws -> String?) throws {
        guard let config else { return }
        for entry in config.secretAsEnv + config.configMapAsEnv {
            guard let source = try name(entry.name) else { continue }
            environment += entry.keyToEnv.map { EnvFromSecret(envVar: $0.envVar, source: source, key: $0.key, optional: entry.optional) }
        }
        for entry in config.secretAsVolume + config.configMapAsVolume {
            guard let source = try name(entry.name) else { continue }
            volumes.append(Volume(kind: .secret, name: source, mountPath: entry.mountPath, optional: entry.optional))
        }
        for entry in config.pvcMount {
            guard let claim = try name(entry.name), !claim.isEmpty else { throw TaskFailure("a PVC mount at \(entry.mountPath) has no PVC name") }
            volumes.append(Volume(kind: .persistentClaim, name: claim, mountPath: entry.mountPath, subPath: entry.subPath))
        }
        for entry in config.emptyDirMounts + config.genericEphemeralVolume {
            var volume = Volume(kind: entry.medium == "Memory" ? .memory : .emptyDirectory, name: entry.volumeName, mountPath: entry.mountPath)
            volume.sizeBytes = try entry.sizeLimit.flatMap { try KubernetesQuantity.value(of: $0, parameters: [:]) }.map { Int64($0.rounded(.up)) }
            volumes.append(volume)
        }
        timeout = config.activeDeadlineSeconds.map(Double.init)
        if let security = config.securityContext {
            requireNonRoot = security.runAsNonRoot
            if let uid = security.runAsUser { user = security.runAsGroup.map { "\(uid):\($0)" } ?? "\(uid)" }
        }
        sharedMemory = config.sharedMemorySize
        imagePullPolicy = config.imagePullPolicy
    }

    init() {}
}
