import Basics

/// The optional second YAML document: `platforms.kubernetes` (kfp-kubernetes settings).
public struct PlatformSpec: Sendable, Hashable {
    /// `platforms.kubernetes.deploymentSpec.executors`, keyed by executor label.
    public var executors: [String: KubernetesExecutorConfig]
    /// `platforms.kubernetes.pipelineConfig` (workspace, TTLs), kept as JSON.
    public var pipelineConfig: JSONValue?

    public init(executors: [String: KubernetesExecutorConfig] = [:], pipelineConfig: JSONValue? = nil) {
        self.executors = executors
        self.pipelineConfig = pipelineConfig
    }

    /// The workspace size requested by `PipelineConfig(workspace=...)`, if any.
    public var workspaceSize: String? { pipelineConfig?["workspace"]?["size"]?.stringValue }
}

/// A name given as a constant or as a parameter resolved against the parent DAG (`*NameParameter`).
public enum NameSource: Sendable, Hashable {
    case constant(String)
    case parameter(InputParameterBinding)
}

/// `KubernetesExecutorConfig`: what kfp-kubernetes attached to one executor.
public struct KubernetesExecutorConfig: Sendable, Hashable {
    public var secretAsEnv: [SecretAsEnv] = []
    public var secretAsVolume: [NamedVolume] = []
    public var configMapAsEnv: [SecretAsEnv] = []
    public var configMapAsVolume: [NamedVolume] = []
    public var pvcMount: [PVCMount] = []
    public var emptyDirMounts: [EmptyDirMount] = []
    public var genericEphemeralVolume: [EmptyDirMount] = []
    public var imagePullPolicy: String?
    public var activeDeadlineSeconds: Int?
    public var securityContext: SecurityContext?
    /// `enabledSharedMemory.size`, when shared memory was enabled.
    public var sharedMemorySize: String?
    public var fieldPathAsEnv: [EnvVar] = []
    /// Settings with no meaning on one machine (node selectors, tolerations, affinities, pod metadata,
    /// image pull secrets, init containers), by key, kept so they can be reported as ignored.
    public var ignored: [String: JSONValue] = [:]

    public init() {}
}

/// `secretAsEnv` / `configMapAsEnv` entry.
public struct SecretAsEnv: Sendable, Hashable {
    public var name: NameSource
    /// Which key of the secret (or config map) goes to which env var.
    public var keyToEnv: [KeyToEnv]
    public var optional: Bool

    /// One `keyToEnv` pair.
    public struct KeyToEnv: Sendable, Hashable {
        public var key: String
        public var envVar: String
    }
}

/// `secretAsVolume` / `configMapAsVolume` entry.
public struct NamedVolume: Sendable, Hashable {
    public var name: NameSource
    public var mountPath: String
    public var optional: Bool
}

/// `pvcMount` entry.
public struct PVCMount: Sendable, Hashable {
    public var name: NameSource
    public var mountPath: String
    public var subPath: String?
}

/// `emptyDirMounts` / `genericEphemeralVolume` entry: a fresh directory per execution.
public struct EmptyDirMount: Sendable, Hashable {
    public var volumeName: String
    public var mountPath: String
    /// `Memory` for tmpfs.
    public var medium: String?
    public var sizeLimit: String?
}

/// `securityContext`.
public struct SecurityContext: Sendable, Hashable {
    public var runAsUser: Int?
    public var runAsGroup: Int?
    public var runAsNonRoot: Bool
}
