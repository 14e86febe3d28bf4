import Foundation
import PipelineIR

extension PlanRenderer {
    static func mermaid(_ graph: PlanGraph, showKeys: Bool = false) -> String {
        var out = "flowchart TD\n"
        var edges: [String] = []
        func emit(_ nodes: [PlanGraph.Node], indent: String, parent: String) {
            for node in nodes {
                let id = mermaidID(node.id)
                if node.isGroup {
                    out += "\(indent)subgraph \(id)[\"\(mermaidText(label(node, showKeys: showKeys) + ": " + describe(node.kind)))\"]\n"
                    emit(node.children, indent: indent + "  ", parent: node.id)
                    out += "\(indent)end\n"
                } else {
                    out += "\(indent)\(id)[\"\(mermaidText(label(node, showKeys: showKeys)))\"]\n"
                }
                for dependency in node.dependencies {
                    let from = mermaidID(parent.isEmpty ? dependency : parent + "/" + dependency)
                    edges.append("  \(from) \(node.runsAfterAnyState ? "-.->" : "-->") \(id)")
                }
            }
        }
        emit(graph.roots, indent: "  ", parent: "")
        return out + edges.joined(separator: "\n") + (edges.isEmpty ? "" : "\n")
    }

    /// An injective id: ASCII letters and digits kept; '_' starts an escape ('__' '_', '_d' '-', '_s' '/', '_xHH_').
    private static func mermaidID(_ path: String) -> String {
        var id = "t_"
        for scalar in path.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9": id.unicodeScalars.append(scalar)
            case "_": id += "__"
            case "-": id += "_d"
            case "/": id += "_s"
            default: id += "_x\(String(scalar.value, radix: 16))_"
            }
        }
        return id
    }

    private static func mermaidText(_ s: String) -> String {
        s.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "<", with: "#lt;")
            .replacingOccurrences(of: ">", with: "#gt;")
    }

    static func dot(_ graph: PlanGraph, showKeys: Bool = false) -> String {
        var out = "digraph \"\(dotText(graph.pipelineName))\" {\n  rankdir=TB;\n  node [shape=box, style=rounded];\n"
        var edges: [String] = []
        func anchor(_ node: PlanGraph.Node) -> String {
            node.isGroup ? "\"\(dotText(node.id))/start\"" : "\"\(dotText(node.id))\""
        }
        func emit(_ nodes: [PlanGraph.Node], indent: String, parent: String) {
            for node in nodes {
                if node.isGroup {
                    out += "\(indent)subgraph \"cluster_\(dotText(node.id))\" {\n"
                    out += "\(indent)  label=\"\(dotText(label(node, showKeys: showKeys) + ": " + describe(node.kind)))\";\n"
                    out += "\(indent)  \"\(dotText(node.id))/start\" [shape=point];\n"
                    emit(node.children, indent: indent + "  ", parent: node.id)
                    out += "\(indent)}\n"
                } else {
                    out += "\(indent)\"\(dotText(node.id))\" [label=\"\(dotText(label(node, showKeys: showKeys)))\"];\n"
                }
                for dependency in node.dependencies {
                    let from = parent.isEmpty ? dependency : parent + "/" + dependency
                    let style = node.runsAfterAnyState ? " [style=dashed]" : ""
                    let source = nodes.first { $0.key == dependency }.map(anchor) ?? "\"\(dotText(from))\""
                    edges.append("  \(source) -> \(anchor(node))\(style);")
                }
            }
        }
        emit(graph.roots, indent: "  ", parent: "")
        return out + edges.joined(separator: "\n") + (edges.isEmpty ? "" : "\n") + "}\n"
    }

    /// The inside of a DOT string literal: `\\` and `"` escaped, a line break made a space (also used by
    /// the report's Graphviz layout).
    public static func dotText(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: " ")
    }
}
