import Foundation
import Planner
import Reporting
import Testing

/// The problems of a layout, from its own numbers: overlapping boxes, edges not pointing down, and edge
/// pieces that cross a box other than their ends (a polyline's vertical runs, or its S-curves between layers).
func layoutProblems(_ layout: DagLayout) -> [String] {
    let (w, h) = (DagLayout.nodeWidth, DagLayout.nodeHeight)
    let boxes = layout.positions.map { (name: $0.key, x: $0.value.x - w / 2, y: $0.value.y - h / 2) }
    var found: [String] = []
    for (i, a) in boxes.enumerated() {
        for b in boxes[(i + 1)...] where abs(a.x - b.x) < w && abs(a.y - b.y) < h { found.append("overlap \(a.name) \(b.name)") }
    }
    for edge in layout.edges {
        guard let first = edge.points.first, let last = edge.points.last else { continue }
        if last.y <= first.y { found.append("\(edge.from)->\(edge.to) not down") }
        for (a, b) in zip(edge.points, edge.points.dropFirst()) {
            if b.y < a.y { found.append("\(edge.from)->\(edge.to) goes up") }
            let (left, right) = (min(a.x, b.x), max(a.x, b.x))
            for box in boxes where box.name != edge.from && box.name != edge.to
                && a.y < box.y + h && box.y < b.y && left < box.x + w && box.x < right + (a.x == b.x ? 0.001 : 0) {
                found.append("\(edge.from)->\(edge.to) crosses \(box.name)")
            }
        }
    }
    return found
}

@Suite("Built-in layered layout")
struct LayoutTests {
    @Test func aWideLoopStaysOneRowAndLongEdgesPassBetweenBoxes() {
        // head → 40 workers → tail, plus head → tail directly (an edge that spans a layer of 40 boxes).
        let workers = (0..<40).map { "work-\($0)" }
        let edges = workers.flatMap { [("head", $0), ($0, "tail")] } + [("head", "tail"), ("head", "late"), ("work-3", "late")]
        let layout = DagLayout(DagGraph(nodes: ["head"] + workers + ["tail", "late"], edges: edges))
        #expect(Set(workers.map { layout.positions[$0]!.y }).count == 1, "no wrapping: one row for the 40 workers")
        #expect(layout.positions["head"]!.y < layout.positions["work-0"]!.y && layout.positions["work-0"]!.y < layout.positions["tail"]!.y)
        #expect(layoutProblems(layout).isEmpty, "\(layoutProblems(layout))")
        let skip = layout.edges.first { $0.from == "head" && $0.to == "tail" }!
        #expect(skip.points.count == 4, "one pass-through slot in the workers' layer")
        #expect(layout.width > 40 * DagLayout.nodeWidth)
    }

    @Test func barycentreOrderingRemovesACrossing() {
        // a → y and b → x: drawn in the given order (x, y) the edges cross; the sweep swaps x and y.
        let layout = DagLayout(DagGraph(nodes: ["a", "b", "x", "y"], edges: [("a", "y"), ("b", "x")]))
        #expect(layout.positions["a"]!.x < layout.positions["b"]!.x)
        #expect(layout.positions["y"]!.x < layout.positions["x"]!.x)
    }

    @Test func nestedLoopsOfTheParallelForExample() {
        let names = ["make-numbers", "for-loop-4", "for-loop-4[0]/for-loop-6", "for-loop-4[0]/for-loop-6[0]/make-label",
                     "for-loop-4[0]/for-loop-6[1]/make-label", "for-loop-4[1]/for-loop-6", "for-loop-4[1]/for-loop-6[0]/make-label",
                     "condition-1", "condition-1/deploy"]
        let groups = DagGroups(nodes: names)
        #expect(groups.order.first == "for-loop-4")
        #expect(groups.byID["for-loop-4[0]"]?.parent == "for-loop-4")
        #expect(groups.byID["for-loop-4[0]/for-loop-6"]?.parent == "for-loop-4[0]")
        #expect(groups.byID["for-loop-4[0]/for-loop-6[1]"]?.nodes == ["for-loop-4[0]/for-loop-6[1]/make-label"])
        #expect(groups.byID["condition-1"]?.nodes == ["condition-1", "condition-1/deploy"], "a condition heads its own group")
        #expect(groups.container["make-numbers"] == nil)
        #expect(groups.ancestors(of: "for-loop-4[0]/for-loop-6") == ["for-loop-4", "for-loop-4[0]"])
        #expect(groups.ancestors(of: "for-loop-4[1]/for-loop-6[0]/make-label")
                == ["for-loop-4", "for-loop-4[1]", "for-loop-4[1]/for-loop-6", "for-loop-4[1]/for-loop-6[0]"])
    }

    @Test func graphvizFramesEveryGroupAndKeepsEdgesDown() throws {
        try #require(Tools.isCI || DotLayout.dotExecutable() != nil, "graphviz (scripts/install-deps)")
        let names = ["start", "for-loop-2"] + (0..<6).flatMap { ["for-loop-2[\($0)]/produce", "for-loop-2[\($0)]/consume"] }
        let edges = [("start", "for-loop-2")] + (0..<6).flatMap { [("for-loop-2", "for-loop-2[\($0)]/produce"),
                                                                     ("for-loop-2[\($0)]/produce", "for-loop-2[\($0)]/consume")] }
        let labels = Dictionary(uniqueKeysWithValues: (0..<6).map { (DagGraph.edgeKey("for-loop-2[\($0)]/produce", "for-loop-2[\($0)]/consume"), ["data"]) })
        let graph = DagGraph(nodes: names, edges: edges, artifactLabels: labels)
        let layout = try #require(DotLayout.layout(graph, groups: DagGroups(nodes: names), groupLabel: DagSVG.groupLabel))
        #expect(layout.engine == .graphviz)
        #expect(Set(layout.frames.map(\.id)) == Set(["for-loop-2"] + (0..<6).map { "for-loop-2[\($0)]" }))
        #expect(layout.edges.count == edges.count && layout.edges.allSatisfy { $0.points.last!.y > $0.points.first!.y })
        #expect(layout.edges.filter { $0.labelAt != nil }.count == 6, "artifact edges carry a label")
        for frame in layout.frames where frame.id != "for-loop-2" {
            let inside = layout.positions["\(frame.id)/consume"]!
            #expect(frame.x < inside.x && inside.x < frame.x + frame.width && frame.y < inside.y && inside.y < frame.y + frame.height)
        }
    }

    @Test func labelsAreShortAndCutInTheMiddle() {
        #expect(MiddleCut.cut("condition-branches-1/condition-3/announce-3", to: DagSVG.labelWidth).count == 26)
        #expect(MiddleCut.cut("condition-branches-1/condition-3/announce-3", to: DagSVG.labelWidth).hasSuffix("announce-3"))
        #expect(DagSVG.groupLabel("for-loop-4[1]/for-loop-6[2]") == "for-loop-6 [2]")
    }
}
