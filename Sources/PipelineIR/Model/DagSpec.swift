/// `DagSpec`: the tasks of a DAG component and the outputs it exposes.
public struct DagSpec: Sendable, Hashable {
    /// Tasks by task key.
    public var tasks: [String: PipelineTaskSpec]
    public var outputs: DagOutputsSpec

    public init(tasks: [String: PipelineTaskSpec], outputs: DagOutputsSpec = .init()) {
        self.tasks = tasks
        self.outputs = outputs
    }

    /// Task keys in a stable order (sorted).
    public var taskKeys: [String] { tasks.keys.sorted() }
}

/// `DagOutputsSpec`: how a DAG's outputs are picked from its subtasks.
public struct DagOutputsSpec: Sendable, Hashable {
    public var parameters: [String: DagOutputParameterSpec] = [:]
    /// `artifactSelectors` per output; more than one selector means "one of" (OneOf).
    public var artifacts: [String: [ArtifactSelector]] = [:]

    public init(parameters: [String: DagOutputParameterSpec] = [:], artifacts: [String: [ArtifactSelector]] = [:]) {
        self.parameters = parameters
        self.artifacts = artifacts
    }
}

/// A DAG output parameter: one producer, or the first of several that succeeded (`valueFromOneof`).
public enum DagOutputParameterSpec: Sendable, Hashable {
    case valueFromParameter(ParameterSelector)
    case valueFromOneof([ParameterSelector])

    /// Every selector, in order.
    public var selectors: [ParameterSelector] {
        switch self {
        case .valueFromParameter(let s): return [s]
        case .valueFromOneof(let list): return list
        }
    }
}

/// `{producerSubtask, outputParameterKey}`.
public struct ParameterSelector: Sendable, Hashable {
    public var producerSubtask: String
    public var outputParameterKey: String

    public init(producerSubtask: String, outputParameterKey: String) {
        self.producerSubtask = producerSubtask
        self.outputParameterKey = outputParameterKey
    }
}

/// `{producerSubtask, outputArtifactKey}`.
public struct ArtifactSelector: Sendable, Hashable {
    public var producerSubtask: String
    public var outputArtifactKey: String

    public init(producerSubtask: String, outputArtifactKey: String) {
        self.producerSubtask = producerSubtask
        self.outputArtifactKey = outputArtifactKey
    }
}
