import Basics
import Planner

/// The DOT text `dot` lays out, and the reading of its `-Tjson` answer into a ``DagLayout``.
///
/// Nodes are `n<index>` (index in `graph.nodes`) with the fixed size the SVG draws; groups are
/// `cluster_<index>` (index in `groups.order`); edges carry their artifact label so `dot` leaves room.
enum DotSource {
    static func write(_ graph: DagGraph, groups: DagGroups, groupLabel: (String) -> String) -> String {
        let id = Dictionary(graph.nodes.enumerated().map { ($1, "n\($0)") }, uniquingKeysWith: { a, _ in a })
        let cluster = Dictionary(groups.order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var children: [String: [String]] = [:]
        for group in groups.order { if let parent = groups.byID[group]?.parent { children[parent, default: []].append(group) } }
        var text = "digraph tarmac {\n"
            + "graph [rankdir=TB, nodesep=0.3, ranksep=0.55, fontname=\"sans-serif\", fontsize=12, labeljust=l];\n"
            + "node [shape=box, fixedsize=true, width=\(inches(DagLayout.nodeWidth)), height=\(inches(DagLayout.nodeHeight)), label=\"\"];\n"
            + "edge [arrowhead=none, fontname=\"sans-serif\", fontsize=10];\n"
        func emit(_ group: String, depth: Int) {
            let pad = String(repeating: "  ", count: depth)
            text += pad + "subgraph cluster_\(cluster[group]!) {\n" + pad + "  label=\(quoted(groupLabel(group)));\n"
            for node in groups.byID[group]?.nodes ?? [] { if let name = id[node] { text += pad + "  \(name);\n" } }
            for child in children[group] ?? [] { emit(child, depth: depth + 1) }
            text += pad + "}\n"
        }
        for group in groups.order where groups.byID[group]?.parent == nil { emit(group, depth: 0) }
        for node in graph.nodes where groups.container[node] == nil { text += "\(id[node]!);\n" }
        for edge in graph.edges {
            guard let from = id[edge.from], let to = id[edge.to] else { continue }
            let label = graph.label(from: edge.from, to: edge.to)
            text += "\(from) -> \(to)" + (label.isEmpty ? "" : " [label=\(quoted(label))]") + ";\n"
        }
        return text + "}\n"
    }

    /// The layout in `json` (`dot -Tjson`), in SVG coordinates (y down) with a margin; nil if unreadable.
    static func read(_ json: JSONValue, _ graph: DagGraph, groups: DagGroups) -> DagLayout? {
        guard let box = numbers(json["bb"]?.stringValue), box.count == 4 else { return nil }
        let margin = DagLayout.margin
        func point(_ x: Double, _ y: Double) -> DagLayout.Point { .init(x: x - box[0] + margin, y: box[3] - y + margin) }
        var nodeByGVID: [Int: String] = [:], positions: [String: DagLayout.Point] = [:], frames: [DagLayout.Frame] = []
        for object in json["objects"]?.arrayValue ?? [] {
            let name = object["name"]?.stringValue ?? ""
            if name.hasPrefix("cluster_"), let index = Int(name.dropFirst(8)), index < groups.order.count,
               let b = numbers(object["bb"]?.stringValue), b.count == 4 {
                let corner = point(b[0], b[3])
                frames.append(.init(id: groups.order[index], x: corner.x, y: corner.y, width: b[2] - b[0], height: b[3] - b[1]))
            } else if name.hasPrefix("n"), let index = Int(name.dropFirst()), index < graph.nodes.count,
                      let gvid = object["_gvid"]?.numberValue, let p = numbers(object["pos"]?.stringValue), p.count == 2 {
                nodeByGVID[Int(gvid)] = graph.nodes[index]
                positions[graph.nodes[index]] = point(p[0], p[1])
            }
        }
        guard positions.count == graph.nodes.count else { return nil }
        var edges: [DagLayout.Edge] = []
        for edge in json["edges"]?.arrayValue ?? [] {
            guard let tail = edge["tail"]?.numberValue, let head = edge["head"]?.numberValue,
                  let from = nodeByGVID[Int(tail)], let to = nodeByGVID[Int(head)], let spline = edge["pos"]?.stringValue else { continue }
            let controls = spline.split(separator: " ").filter { !$0.hasPrefix("e,") && !$0.hasPrefix("s,") }
                .compactMap { numbers(String($0)) }.filter { $0.count == 2 }.map { point($0[0], $0[1]) }
            guard controls.count >= 4, (controls.count - 1) % 3 == 0 else { continue }
            let label = numbers(edge["lp"]?.stringValue).flatMap { $0.count == 2 ? point($0[0], $0[1]) : nil }
            edges.append(.init(from: from, to: to, points: controls, isBezier: true, labelAt: label))
        }
        return DagLayout(positions: positions, layers: [:], edges: edges, frames: frames,
                         width: box[2] - box[0] + 2 * margin, height: box[3] - box[1] + 2 * margin, engine: .graphviz)
    }

    /// `"1.5,2"` → [1.5, 2].
    static func numbers(_ text: String?) -> [Double]? {
        text.map { $0.split(separator: ",").compactMap { Double($0) } }
    }

    static func inches(_ points: Double) -> String { String(format: "%.4f", points / 72) }

    /// A DOT string literal.
    static func quoted(_ text: String) -> String { "\"" + PlanRenderer.dotText(text) + "\"" }
}
