/// A layered drawing of a ``DagGraph``, top to bottom: each node in the layer after its deepest
/// predecessor, a layer's nodes ordered by the mean position of their predecessors (one sweep of the
/// barycentre heuristic), and a layer of more than ``maxPerRow`` nodes wrapped onto several rows.
public struct DagLayout: Sendable {
    /// A placed node: its centre.
    public struct Point: Sendable, Hashable {
        public let x: Double
        public let y: Double
    }

    /// A layer wider than this wraps onto several rows (a loop of 20 iterations stays readable).
    public static let maxPerRow = 5
    /// Node width and height, and the gaps between layers and rows.
    public static let nodeWidth = 190.0, nodeHeight = 46.0, layerGap = 70.0, rowGap = 18.0, margin = 20.0

    /// Centre of every node.
    public let positions: [String: Point]
    /// The layer (top = 0) of every node (a wrapped layer spans several drawn rows).
    public let layers: [String: Int]
    /// Size of the drawing.
    public let width: Double, height: Double

    /// Lays out `graph` top to bottom.
    public init(_ graph: DagGraph) {
        let layers = Self.assignLayers(graph)
        var rows: [[String]] = Array(repeating: [], count: (layers.values.max() ?? -1) + 1)
        for node in graph.nodes { rows[layers[node]!].append(node) }
        var predecessors: [String: [String]] = [:]
        for edge in graph.edges { predecessors[edge.to, default: []].append(edge.from) }
        var column: [String: Double] = [:]
        for index in rows.indices {
            let original = Dictionary(uniqueKeysWithValues: rows[index].enumerated().map { ($1, Double($0)) })
            rows[index].sort { a, b in
                let ka = Self.barycentre(predecessors[a] ?? [], column) ?? original[a]!
                let kb = Self.barycentre(predecessors[b] ?? [], column) ?? original[b]!
                return ka != kb ? ka < kb : original[a]! < original[b]!
            }
            for (slot, node) in rows[index].enumerated() { column[node] = Double(slot) }
        }
        rows = rows.flatMap { row in stride(from: 0, to: row.count, by: Self.maxPerRow).map { Array(row[$0..<min($0 + Self.maxPerRow, row.count)]) } }
        let widest = Double(rows.map(\.count).max() ?? 0)
        let step = Self.nodeWidth + Self.rowGap
        width = max(widest * step - Self.rowGap, Self.nodeWidth) + 2 * Self.margin + 1.4 * Self.nodeWidth  // room for bowed edges
        height = Double(rows.count) * (Self.nodeHeight + Self.layerGap) - Self.layerGap + 2 * Self.margin
        var positions: [String: Point] = [:]
        for (layer, row) in rows.enumerated() {
            let offset = (width - 2 * Self.margin - (Double(row.count) * step - Self.rowGap)) / 2
            for (slot, node) in row.enumerated() {
                positions[node] = Point(x: Self.margin + offset + Double(slot) * step + Self.nodeWidth / 2,
                                        y: Self.margin + Double(layer) * (Self.nodeHeight + Self.layerGap) + Self.nodeHeight / 2)
            }
        }
        self.positions = positions
        self.layers = layers
    }

    /// Longest-path layers; a node on a cycle (never in a valid run) stays where it was reached.
    static func assignLayers(_ graph: DagGraph) -> [String: Int] {
        var successors: [String: [String]] = [:], indegree: [String: Int] = [:]
        for node in graph.nodes { indegree[node] = 0 }
        for edge in graph.edges where indegree[edge.from] != nil && indegree[edge.to] != nil {
            successors[edge.from, default: []].append(edge.to)
            indegree[edge.to]! += 1
        }
        var layer = Dictionary(uniqueKeysWithValues: graph.nodes.map { ($0, 0) })
        var ready = graph.nodes.filter { indegree[$0] == 0 }
        while let node = ready.popLast() {
            for next in successors[node] ?? [] {
                layer[next] = max(layer[next]!, layer[node]! + 1)
                indegree[next]! -= 1
                if indegree[next] == 0 { ready.append(next) }
            }
        }
        return layer
    }

    static func barycentre(_ nodes: [String], _ column: [String: Double]) -> Double? {
        let values = nodes.compactMap { column[$0] }
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
