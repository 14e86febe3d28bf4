import Basics
import PipelineIR

/// An input artifact as the cache key sees it: its content, type and metadata, never its URI or id.
public struct ArtifactKeyPart: Sendable, Hashable {
    /// The content-store object id (`sha256:…` or `tree:…`), or `absent` when no bytes exist.
    public var object: String
    /// The artifact's schema title.
    public var schemaTitle: String
    /// The artifact's metadata.
    public var metadata: [String: JSONValue]

    /// Makes a key part.
    public init(object: String, schemaTitle: String, metadata: [String: JSONValue]) {
        self.object = object
        self.schemaTitle = schemaTitle
        self.metadata = metadata
    }
}

/// A container task's cache key: the SHA-256 of the canonical JSON of a versioned description of
/// the computation (architecture.md rule 6). Never paths, URIs, run ids or timestamps.
public struct CacheKey: Sendable, Hashable {
    /// Bumped whenever the description's shape or meaning changes (old entries then simply miss).
    public static let version = "tarmac-cache-key-1"

    /// 64 lowercase hex characters.
    public let key: String
    /// What was hashed (stored with the task so `explain` can compare two executions).
    public let description: JSONValue

    /// The key of one container task with its resolved inputs (§5.2, extended to content digests,
    /// input metadata and env). `cachingOptions.cacheKey`, when set, replaces it as on the cluster.
    /// `runVolumes` are volumes of the run itself the task mounts (its workspace, named after the run as the
    /// driver adds the workspace PVC's name to the fingerprint), so such a task is never served across runs.
    public init(task: PipelineTaskSpec, component: ComponentSpec, container: PipelineContainerSpec,
                parameters: [String: JSONValue], artifacts: [String: [ArtifactKeyPart]],
                kubernetes: KubernetesExecutorConfig?, runVolumes: [String] = []) {
        if let custom = task.cachingOptions?.cacheKey, !custom.isEmpty {
            description = .object(["version": .string(Self.version), "component": .string(task.componentRef),
                                   "cacheKey": .string(custom)])
            key = Digest.sha256(task.componentRef + "\u{0}" + custom)
            return
        }
        description = .object([
            "version": .string(Self.version),
            "image": .string(container.image),
            "command": .array(container.command.map { .string($0) }),
            "args": .array(container.args.map { .string($0) }),
            "env": .object(Dictionary(container.env.map { ($0.name, JSONValue.string($0.value)) }, uniquingKeysWith: { $1 })),
            "inputParameters": .object(parameters),
            "inputArtifacts": .object(artifacts.mapValues { list in .array(list.map(Self.describe)) }),
            "outputParameters": .object(component.outputDefinitions.parameters.mapValues { .string($0.parameterType.rawValue) }),
            "outputArtifacts": .object(component.outputDefinitions.artifacts.mapValues(Self.describe)),
            "pvcNames": .array(Array(Set(Self.pvcNames(kubernetes, parameters: parameters) + runVolumes)).sorted().map { .string($0) }),
        ])
        key = Digest.sha256(description.canonicalJSON)
    }

    private static func describe(_ part: ArtifactKeyPart) -> JSONValue {
        .object(["object": .string(part.object), "type": .string(part.schemaTitle), "metadata": .object(part.metadata)])
    }

    private static func describe(_ spec: ArtifactSpec) -> JSONValue {
        var fields: [String: JSONValue] = ["type": .string(spec.artifactType.schemaTitle), "list": .bool(spec.isArtifactList)]
        if let version = spec.artifactType.schemaVersion { fields["schemaVersion"] = .string(version) }
        return .object(fields)
    }

    /// Sorted, de-duplicated names of the PVCs the task mounts (a parameter-named PVC by its value).
    private static func pvcNames(_ config: KubernetesExecutorConfig?, parameters: [String: JSONValue]) -> [String] {
        let names = (config?.pvcMount ?? []).map { mount -> String in
            switch mount.name {
            case .constant(let name): return name
            case .parameter(let binding):
                if case .componentInputParameter(let input) = binding.source, let value = parameters[input]?.stringValue {
                    return value
                }
                return "\(binding.source)"
            }
        }
        return Array(Set(names)).sorted()
    }
}
