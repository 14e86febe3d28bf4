import Basics
import PipelineIR

/// Output formats of `tarmac plan`.
public enum PlanFormat: String, Sendable, CaseIterable {
    case text, mermaid, dot
}

/// Renders a PlanGraph as text for people, or as Mermaid / Graphviz source.
public enum PlanRenderer {
    /// The graph in `format`, ending with a newline; tasks by display name, with their keys when `showKeys`.
    public static func render(_ graph: PlanGraph, format: PlanFormat, showKeys: Bool = false) -> String {
        switch format {
        case .text: return text(graph, showKeys: showKeys)
        case .mermaid: return mermaid(graph, showKeys: showKeys)
        case .dot: return dot(graph, showKeys: showKeys)
        }
    }

    /// A node's label: its title, and its key in parentheses when asked and different.
    static func label(_ node: PlanGraph.Node, showKeys: Bool) -> String {
        showKeys ? DisplayNames.titled(node.title, key: node.key) : node.title
    }

    static func text(_ graph: PlanGraph, showKeys: Bool = false) -> String {
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
        for node in graph.roots { textNode(node, siblings: graph.roots, showKeys: showKeys, indent: "  ", into: &out) }
        return out
    }

    private static func textNode(_ node: PlanGraph.Node, siblings: [PlanGraph.Node], showKeys: Bool, indent: String,
                                 into out: inout String) {
        var line = indent + label(node, showKeys: showKeys)
        line += "  [\(describe(node.kind))]"
        if !node.dependencies.isEmpty {
            line += node.runsAfterAnyState ? "  after any end of: " : "  after: "
            line += node.dependencies.map { key in siblings.first { $0.key == key }?.title ?? key }.joined(separator: ", ")
        }
        if let condition = node.condition, !isConditionKind(node.kind) { line += "  if: \(condition)" }
        if node.cacheEnabled == false { line += "  no-cache" }
        if node.retries > 0 { line += "  retries: \(node.retries)" }
        out += line + "\n"
        for child in node.children { textNode(child, siblings: node.children, showKeys: showKeys, indent: indent + "  ", into: &out) }
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
