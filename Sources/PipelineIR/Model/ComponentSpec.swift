import Basics

/// `ComponentInputsSpec.ParameterSpec` / `ComponentOutputsSpec.ParameterSpec`.
public struct ParameterSpec: Sendable, Hashable {
    public var parameterType: ParameterType
    /// `defaultValue`, a JSON value (integers arrive as doubles).
    public var defaultValue: JSONValue?
    public var isOptional: Bool
    public var description: String?
    /// Allowed values (`literals`), if restricted.
    public var literals: [JSONValue]?

    public init(parameterType: ParameterType, defaultValue: JSONValue? = nil, isOptional: Bool = false,
                description: String? = nil, literals: [JSONValue]? = nil) {
        self.parameterType = parameterType
        self.defaultValue = defaultValue
        self.isOptional = isOptional
        self.description = description
        self.literals = literals
    }

    /// Whether a binding may be left out: optional, or a default exists.
    public var mayBeOmitted: Bool { isOptional || defaultValue != nil }
}

/// `ComponentInputsSpec.ArtifactSpec` / `ComponentOutputsSpec.ArtifactSpec`.
public struct ArtifactSpec: Sendable, Hashable {
    public var artifactType: ArtifactTypeSchema
    /// The input or output is a list of artifacts (`Input[List[T]]`, `dsl.Collected`).
    public var isArtifactList: Bool
    public var isOptional: Bool
    public var description: String?
    /// Initial metadata of an output artifact (rare).
    public var metadata: JSONValue?

    public init(artifactType: ArtifactTypeSchema, isArtifactList: Bool = false, isOptional: Bool = false,
                description: String? = nil, metadata: JSONValue? = nil) {
        self.artifactType = artifactType
        self.isArtifactList = isArtifactList
        self.isOptional = isOptional
        self.description = description
        self.metadata = metadata
    }
}

/// The declared inputs or outputs of a component.
public struct InterfaceSpec: Sendable, Hashable {
    public var parameters: [String: ParameterSpec] = [:]
    public var artifacts: [String: ArtifactSpec] = [:]

    public init(parameters: [String: ParameterSpec] = [:], artifacts: [String: ArtifactSpec] = [:]) {
        self.parameters = parameters
        self.artifacts = artifacts
    }
}

/// `ComponentSpec`: a container/importer component (by executor label) or a DAG.
public struct ComponentSpec: Sendable, Hashable {
    /// The oneof `implementation`.
    public enum Implementation: Sendable, Hashable {
        case executorLabel(String)
        case dag(DagSpec)
    }

    public var inputDefinitions: InterfaceSpec
    public var outputDefinitions: InterfaceSpec
    public var implementation: Implementation
    /// `taskConfigPassthroughs`: `(field, applyToTask)` pairs.
    public var taskConfigPassthroughs: [TaskConfigPassthrough]

    public init(inputDefinitions: InterfaceSpec = .init(), outputDefinitions: InterfaceSpec = .init(),
                implementation: Implementation, taskConfigPassthroughs: [TaskConfigPassthrough] = []) {
        self.inputDefinitions = inputDefinitions
        self.outputDefinitions = outputDefinitions
        self.implementation = implementation
        self.taskConfigPassthroughs = taskConfigPassthroughs
    }

    /// The DAG, for DAG components.
    public var dag: DagSpec? {
        if case .dag(let dag) = implementation { return dag }
        return nil
    }

    /// The executor label, for container/importer components.
    public var executorLabel: String? {
        if case .executorLabel(let label) = implementation { return label }
        return nil
    }
}

/// One entry of `taskConfigPassthroughs`.
public struct TaskConfigPassthrough: Sendable, Hashable {
    /// `RESOURCES`, `ENV`, `KUBERNETES_AFFINITY`, ...
    public var field: String
    public var applyToTask: Bool
}
