import Basics
import Engine
import PipelineIR

/// How many tasks a run will have, for the live view's `12/31 done`: the pipeline's static shape, with
/// each loop's size known from its literal list or, once it expands, from the run. A group that ended
/// counts the tasks that actually ran in it (a skipped branch adds none); one still to run counts its body.
struct TaskCensus: Sendable, Hashable {
    /// One task of a DAG: a process, a group (condition, exit handler, nested pipeline) or a loop.
    indirect enum Node: Sendable, Hashable {
        case leaf
        case group([String: Node])
        case loop(literalCount: Int?, body: [String: Node])
    }

    /// The root DAG's tasks by key.
    let root: [String: Node]

    /// The shape of `spec`.
    init(spec: PipelineSpec) {
        root = Self.nodes(of: spec.rootDag, spec: spec, depth: 0)
    }

    /// A shape given directly (tests).
    init(root: [String: Node]) {
        self.root = root
    }

    /// What the count needs from the run so far.
    struct Observed {
        /// The state of a group or loop instance, when it has reported one.
        var state: (String) -> TaskState?
        /// The size of a loop instance, once it expanded.
        var loopSize: (String) -> Int?
        /// Leaf instances seen inside an instance path.
        var leavesInside: (String) -> Int
    }

    /// The expected number of leaf task instances.
    func expected(_ observed: Observed) -> Int {
        count(root, prefix: "", observed)
    }

    private func count(_ nodes: [String: Node], prefix: String, _ observed: Observed) -> Int {
        nodes.reduce(0) { total, entry in
            let path = prefix.isEmpty ? entry.key : prefix + "/" + entry.key
            switch entry.value {
            case .leaf:
                return total + 1
            case .group(let body):
                if observed.state(path)?.isFinal == true { return total + observed.leavesInside(path) }
                return total + count(body, prefix: path, observed)
            case .loop(let literal, let body):
                if observed.state(path)?.isFinal == true { return total + observed.leavesInside(path) }
                let size = observed.loopSize(path) ?? literal ?? 1
                return total + (0..<size).reduce(0) { $0 + count(body, prefix: "\(path)[\($1)]", observed) }
            }
        }
    }

    private static func nodes(of dag: DagSpec, spec: PipelineSpec, depth: Int) -> [String: Node] {
        var result: [String: Node] = [:]
        for (key, task) in dag.tasks {
            guard let body = spec.component(of: task)?.dag, depth < 64 else { result[key] = .leaf; continue }
            let children = nodes(of: body, spec: spec, depth: depth + 1)
            switch task.iterator {
            case .parameter(.raw(let raw), _)?:
                let items = (try? JSONValue.parse(raw))?.arrayValue?.count
                result[key] = .loop(literalCount: items, body: children)
            case .some: result[key] = .loop(literalCount: nil, body: children)
            case nil: result[key] = .group(children)
            }
        }
        return result
    }
}
