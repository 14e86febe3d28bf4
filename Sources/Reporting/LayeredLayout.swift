/// The built-in layout (Sugiyama style, no wrapping): longest-path layers; an edge that spans several
/// layers gets a narrow pass-through slot in each layer it crosses, so it never runs through a node;
/// layer orders from barycentre sweeps down and up, keeping the order with the fewest crossings; x
/// positions pulled towards each node's neighbours without two slots overlapping.
enum LayeredLayout {
    /// The layout of `graph`.
    static func layout(_ graph: DagGraph) -> DagLayout {
        let layerOf = assignLayers(graph)
        var rows: [[String]] = Array(repeating: [], count: (layerOf.values.max() ?? -1) + 1)
        for node in graph.nodes { rows[layerOf[node]!].append(node) }
        var chains: [[String]] = [], up: [String: [String]] = [:], down: [String: [String]] = [:]
        for (number, edge) in graph.edges.enumerated() {
            guard let top = layerOf[edge.from], let bottom = layerOf[edge.to] else { chains.append([]); continue }
            var chain = [edge.from]
            if bottom > top + 1 {
                for layer in (top + 1)..<bottom {
                    let pass = "\u{1}\(number)@\(layer)"
                    rows[layer].append(pass)
                    chain.append(pass)
                }
            }
            chain.append(edge.to)
            chains.append(chain)
            guard bottom > top else { continue }
            for (upper, lower) in zip(chain, chain.dropFirst()) {
                up[lower, default: []].append(upper)
                down[upper, default: []].append(lower)
            }
        }
        let ordered = order(rows, up: up, down: down)
        let x = place(ordered, up: up, down: down)
        let (w, h) = (DagLayout.nodeWidth, DagLayout.nodeHeight)
        func centreY(_ layer: Int) -> Double { DagLayout.margin + Double(layer) * (h + DagLayout.layerGap) + h / 2 }
        var positions: [String: DagLayout.Point] = [:]
        for (layer, row) in ordered.enumerated() {
            for node in row where !isPass(node) { positions[node] = .init(x: x[node]!, y: centreY(layer)) }
        }
        let edges = graph.edges.enumerated().compactMap { number, edge -> DagLayout.Edge? in
            guard let from = positions[edge.from], let to = positions[edge.to] else { return nil }
            var points = [DagLayout.Point(x: from.x, y: from.y + h / 2)]
            for pass in chains[number].dropFirst().dropLast() {
                let layer = layerOf[edge.from]! + points.count / 2 + 1
                points += [.init(x: x[pass]!, y: centreY(layer) - h / 2), .init(x: x[pass]!, y: centreY(layer) + h / 2)]
            }
            points.append(.init(x: to.x, y: to.y - h / 2))
            let last = points[points.count - 2]
            let labelAt = graph.label(from: edge.from, to: edge.to).isEmpty ? nil
                : DagLayout.Point(x: (last.x + to.x) / 2, y: (last.y + points.last!.y) / 2)
            return DagLayout.Edge(from: edge.from, to: edge.to, points: points, isBezier: false, labelAt: labelAt)
        }
        let right = x.map { $0.value + width($0.key) / 2 }.max() ?? w
        return DagLayout(positions: positions, layers: layerOf, edges: edges, frames: [],
                         width: max(right, w) + DagLayout.margin, height: centreY(max(rows.count - 1, 0)) + h / 2 + DagLayout.margin,
                         engine: .layered)
    }

    static func isPass(_ slot: String) -> Bool { slot.hasPrefix("\u{1}") }

    static func width(_ slot: String) -> Double { isPass(slot) ? DagLayout.passWidth : DagLayout.nodeWidth }

    /// The least distance between the centres of neighbouring slots `a` and `b`.
    static func separation(_ a: String, _ b: String) -> Double {
        (width(a) + width(b)) / 2 + (isPass(a) || isPass(b) ? 6 : DagLayout.nodeGap)
    }

    /// Longest-path layers; a node on a cycle (never in a valid run) stays where it was reached.
    static func assignLayers(_ graph: DagGraph) -> [String: Int] {
        var successors: [String: [String]] = [:], indegree: [String: Int] = [:]
        for node in graph.nodes { indegree[node] = 0 }
        for edge in graph.edges where indegree[edge.from] != nil && indegree[edge.to] != nil {
            successors[edge.from, default: []].append(edge.to)
            indegree[edge.to]! += 1
        }
        var layer = Dictionary(graph.nodes.map { ($0, 0) }, uniquingKeysWith: { a, _ in a })
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
}
