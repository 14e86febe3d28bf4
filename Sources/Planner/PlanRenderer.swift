import Basics
import PipelineIR

/// Output formats of `tarmac plan`.
public enum PlanFormat: String, Sendable, CaseIterable {
    case text, mermaid, dot
}

/// Renders a PlanGraph as text for people, or as Mermaid / Graphviz source.
public enum PlanRenderer {
    /// The graph in `format`, ending with a newline.
    public static func render(_ graph: PlanGraph, format: PlanFormat) -> String {
        switch format {
        case .text: return text(graph)
        case .mermaid: return mermaid(graph)
        case .dot: return dot(graph)
        }
    }

    static func text(_ graph: PlanGraph) -> String {
        let all = graph.allNodes
        let leaves = all.filter { !$0.isGroup }.count
        var out = "pipeline \(graph.pipelineName): \(leaves) task\(leaves == 1 ? "" : "s"), \(all.count - leaves) group\(all.count - leaves == 1 ? "" : "s")\n"
        if let parameters = graph.parameters, !parameters.values.isEmpty {
            out += "parameters:\n"
            for name in parameters.values.keys.sorted() {
                let origin = parameters.supplied.contains(name) ? "" : "  (default)"
                out += "  \(name) = \(parameters.values[name]!.canonicalJSON)\(origin)\n"
            }
        }
        out += "tasks, in dependency order:\n"
        for node in graph.roots { textNode(node, indent: "  ", into: &out) }
        return out
    }

    private static func textNode(_ node: PlanGraph.Node, indent: String, into out: inout String) {
        var line = indent + node.key
        if node.displayName != node.key { line += " \"\(node.displayName)\"" }
        line += "  [\(describe(node.kind))]"
        if !node.dependencies.isEmpty {
            line += node.runsAfterAnyState ? "  after any end of: " : "  after: "
            line += node.dependencies.joined(separator: ", ")
        }
        if let condition = node.condition, !isConditionKind(node.kind) { line += "  if: \(condition)" }
        if node.cacheEnabled == false { line += "  no-cache" }
        if node.retries > 0 { line += "  retries: \(node.retries)" }
        out += line + "\n"
        for child in node.children { textNode(child, indent: indent + "  ", into: &out) }
    }

    private static func isConditionKind(_ kind: PlanGraph.Kind) -> Bool {
        if case .condition = kind { return true }
        return false
    }

    /// A short description of a node's kind, e.g. `container python:3.11` or `loop over [1,2]`.
    static func describe(_ kind: PlanGraph.Kind) -> String {
        switch kind {
        case .container(let image): return "container \(image)"
        case .importer(let uri): return "importer \(uri)"
        case .condition(let condition): return "condition \(condition)"
        case .conditionBranches: return "if/elif/else"
        case .loop(let what): return "loop \(what)"
        case .exitHandler: return "exit handler"
        case .subPipeline: return "pipeline"
        }
    }
}
