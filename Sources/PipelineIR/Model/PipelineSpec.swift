import Basics

/// `PipelineSpec` (document 1 of the IR file) plus the optional `PlatformSpec` (document 2).
public struct PipelineSpec: Sendable, Hashable {
    /// `pipelineInfo.name`: the pipeline's identity (artifact layout, cache scope).
    public var name: String
    public var displayName: String?
    public var description: String?
    /// The pipeline itself: a DAG component whose inputs are the run parameters.
    public var root: ComponentSpec
    /// `components`, keyed by `comp-...` name.
    public var components: [String: ComponentSpec]
    /// `deploymentSpec.executors`, keyed by `exec-...` label.
    public var executors: [String: ExecutorSpec]
    public var defaultPipelineRoot: String?
    public var schemaVersion: String?
    public var sdkVersion: String?
    /// Document 2, when kfp-kubernetes features are used.
    public var platform: PlatformSpec?

    public init(name: String, root: ComponentSpec, components: [String: ComponentSpec] = [:],
                executors: [String: ExecutorSpec] = [:]) {
        self.name = name
        self.root = root
        self.components = components
        self.executors = executors
    }

    /// The root DAG (a decoded spec always has one).
    public var rootDag: DagSpec { root.dag ?? DagSpec(tasks: [:]) }

    /// The component a task refers to.
    public func component(of task: PipelineTaskSpec) -> ComponentSpec? { components[task.componentRef] }

    /// The executor of a leaf component.
    public func executor(of component: ComponentSpec) -> ExecutorSpec? {
        component.executorLabel.flatMap { executors[$0] }
    }

    /// The kfp-kubernetes settings of a leaf component, if any.
    public func kubernetesConfig(of component: ComponentSpec) -> KubernetesExecutorConfig? {
        component.executorLabel.flatMap { platform?.executors[$0] }
    }
}
