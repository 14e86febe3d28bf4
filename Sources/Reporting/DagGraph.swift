import PipelineIR
import Planner
import RunDatabase

/// The task instances of a run as a directed graph: an edge runs from a task to each task that waits for it.
///
/// With the pipeline's IR, a task's edges come from its `dependentTasks` and the producers of its inputs,
/// within the same DAG instance; without the IR (the file moved or changed), from the recorded artifact
/// lineage between siblings. Either way a group (sub-DAG, condition, loop) points to those of its
/// children that wait for no sibling.
public struct DagGraph: Sendable {
    /// Task instance names, in the run's order.
    public let nodes: [String]
    /// (from, to) pairs, without duplicates.
    public let edges: [(from: String, to: String)]

    /// The names of the artifacts that flow along an edge, keyed by ``edgeKey(_:_:)``.
    public let artifactLabels: [String: [String]]

    /// Makes a graph from explicit nodes and edges.
    public init(nodes: [String], edges: [(from: String, to: String)], artifactLabels: [String: [String]] = [:]) {
        self.nodes = nodes
        self.edges = edges
        self.artifactLabels = artifactLabels
    }

    /// The key of edge `from` → `to` in ``artifactLabels``.
    public static func edgeKey(_ from: String, _ to: String) -> String { from + "\u{0}" + to }

    /// The artifacts (output names) `to` took from `from`, for the edge's label; "" when none.
    public func label(from: String, to: String) -> String {
        (artifactLabels[Self.edgeKey(from, to)] ?? []).joined(separator: ", ")
    }

    /// The graph of a recorded run.
    public init(_ recorded: RecordedRun) {
        let names = recorded.tasks.map(\.name)
        let known = Set(names)
        var pairs: [(String, String)] = []
        let lineage = Self.lineageUpstream(recorded, known: known)
        for name in names {
            let (parent, key) = Self.split(name)
            var upstream: [String]
            if let spec = recorded.spec {
                let siblings = Self.dag(at: parent, in: spec)?.tasks[key].map { Set($0.dependentTasks).union($0.producerTasks) } ?? []
                upstream = siblings.map { parent.isEmpty ? $0 : parent + "/" + $0 }.filter(known.contains).sorted()
            } else {
                upstream = (lineage[name] ?? []).filter { Self.split($0).parent == parent }.sorted()
            }
            pairs += upstream.map { ($0, name) }
            if upstream.isEmpty, let group = Self.groupNode(of: parent, known: known) { pairs.append((group, name)) }
        }
        var seen = Set<String>()
        nodes = names
        edges = pairs.filter { $0.0 != $0.1 && seen.insert($0.0 + "\u{0}" + $0.1).inserted }.map { (from: $0.0, to: $0.1) }
        artifactLabels = Self.artifactNames(recorded)
    }

    /// Producer → consumer → the names of the producer's outputs the consumer read (recorded lineage).
    static func artifactNames(_ recorded: RecordedRun) -> [String: [String]] {
        var names: [String: Set<String>] = [:]
        for use in recorded.uses {
            guard let artifact = recorded.artifactsByID[use.artifactID], artifact.producerTask != use.consumerTask else { continue }
            names[edgeKey(artifact.producerTask, use.consumerTask), default: []].insert(artifact.outputKey)
        }
        return names.mapValues { $0.sorted() }
    }

    /// Task → the tasks whose artifacts it consumed (recorded lineage).
    static func lineageUpstream(_ recorded: RecordedRun, known: Set<String>) -> [String: Set<String>] {
        var upstream: [String: Set<String>] = [:]
        for use in recorded.uses {
            if let producer = recorded.artifactsByID[use.artifactID]?.producerTask, known.contains(producer), producer != use.consumerTask {
                upstream[use.consumerTask, default: []].insert(producer)
            }
        }
        return upstream
    }

    /// `for-loop-2[3]/add` → (`for-loop-2[3]`, `add`); `train` → (``, `train`).
    static func split(_ name: String) -> (parent: String, key: String) {
        guard let slash = name.lastIndex(of: "/") else { return ("", DisplayNames.splitIndex(name).key) }
        return (String(name[..<slash]), DisplayNames.splitIndex(String(name[name.index(after: slash)...])).key)
    }

    /// The DAG that holds the tasks under instance prefix `path` (`""` is the root).
    static func dag(at path: String, in spec: PipelineSpec) -> DagSpec? {
        var dag = spec.rootDag
        for segment in path.split(separator: "/") where !path.isEmpty {
            guard let task = dag.tasks[DisplayNames.splitIndex(String(segment)).key], let inner = spec.component(of: task)?.dag else { return nil }
            dag = inner
        }
        return dag
    }

    /// The node standing for group `path`: itself, or its loop (`for-loop-2` for `for-loop-2[3]`).
    static func groupNode(of path: String, known: Set<String>) -> String? {
        guard !path.isEmpty else { return nil }
        if known.contains(path) { return path }
        let (parent, key) = split(path)
        let loop = parent.isEmpty ? key : parent + "/" + key
        return known.contains(loop) ? loop : groupNode(of: parent, known: known)
    }
}
