import Basics
import PipelineIR

/// The static shape of a pipeline for `tarmac plan`: every task, its component, dependencies and groups.
public struct PlanGraph: Sendable {
    /// What a node is.
    public enum Kind: Sendable, Hashable {
        case container(image: String)
        case importer(uri: String)
        case condition(String)
        case conditionBranches
        case loop(String)
        case exitHandler
        case subPipeline
    }

    /// One task of one DAG, with its children when it is a group.
    public struct Node: Sendable {
        public let key: String
        /// `taskInfo.name` as the IR has it.
        public let displayName: String
        /// What people read: the user's name, or the DSL's words for a group (see `DisplayNames`).
        public let title: String
        public let component: String
        public let kind: Kind
        /// Sibling keys it waits for (sorted).
        public let dependencies: [String]
        /// Runs after its dependencies end in any state (exit task / ignore_upstream_failure).
        public let runsAfterAnyState: Bool
        /// Cache enabled in the IR (nil for DAG tasks).
        public let cacheEnabled: Bool?
        public let retries: Int
        /// The trigger condition, if any, as the DSL wrote it (`measure.length > 5`, see `DisplayNames.readableCondition`).
        public let condition: String?
        /// For DAG tasks: the body's tasks in dependency order.
        public let children: [Node]
        /// A unique id across the whole graph (path of keys), for diagrams.
        public let id: String

        /// True for DAG tasks (groups and nested pipelines).
        public var isGroup: Bool {
            switch kind {
            case .container, .importer: return false
            default: return true
            }
        }
    }

    public let pipelineName: String
    /// The root DAG's tasks in dependency order.
    public let roots: [Node]
    public let parameters: RunParameters?

    /// Builds the graph; the spec must be valid (no cycles).
    public init(spec: PipelineSpec, parameters: RunParameters?) {
        self.pipelineName = spec.name
        self.parameters = parameters
        self.roots = PlanGraph.nodes(of: spec.rootDag, spec: spec, names: DisplayNames(spec: spec), idPrefix: "", depth: 0)
    }

    /// Every node, depth first.
    public var allNodes: [Node] {
        func walk(_ nodes: [Node]) -> [Node] { nodes.flatMap { [$0] + walk($0.children) } }
        return walk(roots)
    }

    static let maxDepth = 64

    private static func nodes(of dag: DagSpec, spec: PipelineSpec, names: DisplayNames, idPrefix: String, depth: Int) -> [Node] {
        let graph = DependencyGraph(dag: dag)
        let order = graph.topologicalOrder() ?? dag.taskKeys
        return order.map { key in
            let task = dag.tasks[key]!
            let component = spec.component(of: task)
            let id = idPrefix.isEmpty ? key : idPrefix + "/" + key
            var children: [Node] = []
            if let body = component?.dag, depth < maxDepth {
                children = nodes(of: body, spec: spec, names: names, idPrefix: id, depth: depth + 1)
            }
            return Node(key: key, displayName: task.displayName, title: names.leaf(of: id), component: task.componentRef,
                        kind: kind(of: task, key: key, component: component, spec: spec, condition: names.condition(at: id)),
                        dependencies: (graph.dependencies[key] ?? []).sorted(),
                        runsAfterAnyState: task.runsAfterAnyUpstreamState,
                        cacheEnabled: component?.dag == nil ? (task.cachingOptions?.enableCache ?? false) : nil,
                        retries: task.retryPolicy?.maxRetryCount ?? 0,
                        condition: names.condition(at: id),
                        children: children, id: id)
        }
    }

    private static func kind(of task: PipelineTaskSpec, key: String, component: ComponentSpec?, spec: PipelineSpec,
                             condition: String?) -> Kind {
        if let component, component.dag != nil {
            switch task.iterator {
            case .parameter(.raw(let raw), _)?: return .loop("over \(raw)")
            case .parameter(.inputParameter(let name), _)?: return .loop("over input \(name)")
            case .artifact(let name, _)?: return .loop("over artifacts \(name)")
            case nil: break
            }
            if let condition { return .condition(condition) }
            if key.hasPrefix("condition-branches-") { return .conditionBranches }
            if key.hasPrefix("exit-handler-") { return .exitHandler }
            return .subPipeline
        }
        switch component.flatMap({ spec.executor(of: $0) }) {
        case .importer(let importer)?:
            switch importer.artifactUri {
            case .constant(let uri): return .importer(uri: uri)
            case .runtimeParameter(let name): return .importer(uri: "input \(name)")
            }
        case .container(let container)?: return .container(image: container.image)
        default: return .container(image: "?")
        }
    }
}
