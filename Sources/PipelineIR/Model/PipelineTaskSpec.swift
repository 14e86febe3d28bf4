import Basics

/// `PipelineTaskSpec`: one task of a DAG.
public struct PipelineTaskSpec: Sendable, Hashable {
    /// `taskInfo.name`, the display name (defaults to the task key).
    public var displayName: String
    /// `componentRef.name`, a key of `components`.
    public var componentRef: String
    public var inputs: TaskInputsSpec
    /// `dependentTasks` as written (the planner adds producers of inputs).
    public var dependentTasks: [String]
    public var cachingOptions: CachingOptions?
    public var triggerPolicy: TriggerPolicy?
    public var iterator: TaskIterator?
    /// `iteratorPolicy.parallelismLimit` (0 = unlimited).
    public var parallelismLimit: Int
    public var retryPolicy: RetryPolicy?

    public init(displayName: String, componentRef: String, inputs: TaskInputsSpec = .init(),
                dependentTasks: [String] = []) {
        self.displayName = displayName
        self.componentRef = componentRef
        self.inputs = inputs
        self.dependentTasks = dependentTasks
        self.parallelismLimit = 0
    }

    /// Whether this task runs after its dependencies end in any state (exit handlers, ignore_upstream_failure).
    public var runsAfterAnyUpstreamState: Bool { triggerPolicy?.strategy == .allUpstreamTasksCompleted }

    /// Sibling tasks this task reads outputs or final status from.
    public var producerTasks: Set<String> {
        var producers = Set<String>()
        for binding in inputs.parameters.values {
            switch binding.source {
            case .taskOutputParameter(let producer, _), .taskFinalStatus(let producer): producers.insert(producer)
            default: break
            }
        }
        for binding in inputs.artifacts.values {
            if case .taskOutputArtifact(let producer, _) = binding { producers.insert(producer) }
        }
        return producers
    }
}

/// `TaskInputsSpec`: argument bindings by input name.
public struct TaskInputsSpec: Sendable, Hashable {
    public var parameters: [String: InputParameterBinding] = [:]
    public var artifacts: [String: InputArtifactBinding] = [:]

    public init(parameters: [String: InputParameterBinding] = [:], artifacts: [String: InputArtifactBinding] = [:]) {
        self.parameters = parameters
        self.artifacts = artifacts
    }
}

/// `TaskInputsSpec.InputParameterSpec`: where one input parameter's value comes from.
public struct InputParameterBinding: Sendable, Hashable {
    /// The oneof `kind`.
    public enum Source: Sendable, Hashable {
        case componentInputParameter(String)
        case taskOutputParameter(producerTask: String, outputParameterKey: String)
        case runtimeValue(JSONValue)
        case taskFinalStatus(producerTask: String)
    }

    public var source: Source
    /// `parameterExpressionSelector`, a CEL expression applied to the resolved value.
    public var parameterExpressionSelector: String?

    public init(_ source: Source, parameterExpressionSelector: String? = nil) {
        self.source = source
        self.parameterExpressionSelector = parameterExpressionSelector
    }
}

/// `TaskInputsSpec.InputArtifactSpec`.
public enum InputArtifactBinding: Sendable, Hashable {
    case componentInputArtifact(String)
    case taskOutputArtifact(producerTask: String, outputArtifactKey: String)
}

/// `cachingOptions`.
public struct CachingOptions: Sendable, Hashable {
    /// Absent means false (`set_caching_options(False)` writes `{}`).
    public var enableCache: Bool
    /// A user key that replaces the computed fingerprint.
    public var cacheKey: String?

    /// Options with the given values.
    public init(enableCache: Bool, cacheKey: String? = nil) {
        self.enableCache = enableCache
        self.cacheKey = cacheKey
    }
}

/// `triggerPolicy`.
public struct TriggerPolicy: Sendable, Hashable {
    /// `TriggerStrategy`.
    public enum Strategy: String, Sendable, Hashable {
        case unspecified = "TRIGGER_STRATEGY_UNSPECIFIED"
        case allUpstreamTasksSucceeded = "ALL_UPSTREAM_TASKS_SUCCEEDED"
        case allUpstreamTasksCompleted = "ALL_UPSTREAM_TASKS_COMPLETED"
    }

    /// The CEL condition text, if any.
    public var condition: String?
    public var strategy: Strategy
}

/// A loop head: `parameterIterator` or `artifactIterator`.
public enum TaskIterator: Sendable, Hashable {
    /// Items from a JSON list text (`raw`) or from one of this task's inputs.
    public enum Items: Sendable, Hashable {
        case raw(String)
        case inputParameter(String)
    }

    case parameter(items: Items, itemInput: String)
    case artifact(inputArtifact: String, itemInput: String)

    /// The name the current item has inside the body DAG.
    public var itemInput: String {
        switch self {
        case .parameter(_, let name), .artifact(_, let name): return name
        }
    }
}

/// `retryPolicy` with durations in seconds.
public struct RetryPolicy: Sendable, Hashable {
    public var maxRetryCount: Int
    public var backoffDuration: Double
    public var backoffFactor: Double
    public var backoffMaxDuration: Double

    public init(maxRetryCount: Int, backoffDuration: Double = 0, backoffFactor: Double = 2, backoffMaxDuration: Double = 3600) {
        self.maxRetryCount = maxRetryCount
        self.backoffDuration = backoffDuration
        self.backoffFactor = backoffFactor
        self.backoffMaxDuration = backoffMaxDuration
    }
}
