import Basics

/// `PipelineDeploymentConfig.ExecutorSpec`: how a leaf component runs.
public enum ExecutorSpec: Sendable, Hashable {
    case container(PipelineContainerSpec)
    case importer(ImporterSpec)
    /// `resolver`: never emitted by the SDK and rejected by the cluster; kept so validation can say so.
    case resolver
    /// `customJob`: Vertex only.
    case customJob
}

/// `PipelineContainerSpec`.
public struct PipelineContainerSpec: Sendable, Hashable {
    /// The image, possibly a `{{$.inputs.parameters[...]}}` placeholder.
    public var image: String
    public var command: [String]
    public var args: [String]
    public var env: [EnvVar]
    public var resources: ResourceSpec?

    public init(image: String, command: [String] = [], args: [String] = [], env: [EnvVar] = [],
                resources: ResourceSpec? = nil) {
        self.image = image
        self.command = command
        self.args = args
        self.env = env
        self.resources = resources
    }
}

/// One `env` entry.
public struct EnvVar: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// `ResourceSpec`, normalised: the string fields when set, else the deprecated numeric ones.
public struct ResourceSpec: Sendable, Hashable {
    /// CPU limit as a Kubernetes quantity ("2", "500m"), possibly a placeholder.
    public var cpuLimit: String?
    public var cpuRequest: String?
    /// Memory limit as a quantity ("4G", "1Gi"), possibly a placeholder.
    public var memoryLimit: String?
    public var memoryRequest: String?
    /// Accelerator type (e.g. `nvidia.com/gpu`) and count; applied only when both are set.
    public var acceleratorType: String?
    public var acceleratorCount: String?

    public init() {}
}

/// `ImporterSpec`.
public struct ImporterSpec: Sendable, Hashable {
    /// `artifactUri`: a constant, or the name of a task input holding the URI.
    public enum URISource: Sendable, Hashable {
        case constant(String)
        case runtimeParameter(String)
    }

    public var artifactUri: URISource
    public var typeSchema: ArtifactTypeSchema
    /// Metadata to attach; may contain `{{$.inputs.parameters[...]}}` placeholders.
    public var metadata: JSONValue?
    public var reimport: Bool
    public var downloadToWorkspace: Bool
}
