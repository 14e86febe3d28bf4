import Basics
import Foundation
import Planner
import RunDatabase

/// The run's DAG as an inline SVG: one box per task instance, coloured by state; edges as curves labelled
/// with the artifacts they carry; each group (loop, iteration, condition, nested pipeline) framed and
/// collapsible from its head node's −/+ button; the full name of every task in its tooltip (`<title>`).
public enum DagSVG {
    /// Fill and stroke colours of each task state.
    public static func colours(_ state: TaskState) -> (fill: String, stroke: String) {
        switch state {
        case .succeeded: return ("#d8f3dc", "#2d6a4f")
        case .cached: return ("#dbeafe", "#1d4ed8")
        case .failed: return ("#fde2e1", "#b42318")
        case .canceled: return ("#ffedd5", "#c2410c")
        case .running: return ("#fef9c3", "#a16207")
        case .skipped, .notRun: return ("#f1f3f5", "#868e96")
        case .pending, .interrupted: return ("#ffffff", "#495057")
        }
    }

    /// The text on a task's box: its own display name, with the loop indices of its path (`make-label [0, 2]`,
    /// see `DisplayNames.leaf(of:)`). The one place node labels come from.
    public static func label(_ task: TaskRecord, names: DisplayNames) -> String {
        names.leaf(of: task.name)
    }

    /// The key of a group's frame: `for-loop-2`, `condition-1`, an iteration as `for-loop-2 [3]`.
    public static func groupLabel(_ id: String) -> String {
        let last = id.split(separator: "/").last.map(String.init) ?? id
        guard DagGroups.isIteration(last), let open = last.lastIndex(of: "[") else { return last }
        return String(last[..<open]) + " " + String(last[open...])
    }

    /// How many characters of a node's label its box shows (``MiddleCut`` cuts longer ones).
    public static let labelWidth = 26

    /// The title of a group's frame as people read it: the group's display name (`If accuracy >= 0.8`,
    /// `for x in [1, 2, 3] [3]`), then its key in parentheses where that reads differently.
    public static func groupTitle(_ id: String, names: DisplayNames) -> String {
        let display = names.leaf(of: id), key = groupLabel(id)
        return display == key ? key : "\(display) (\(key))"
    }

    /// The layout the report draws: Graphviz when installed (unless `TARMAC_REPORT_LAYOUT=builtin`), else the built-in one.
    /// `names` titles the groups (else their keys), which Graphviz needs to size their frames.
    public static func layout(_ graph: DagGraph, _ groups: DagGroups, names: DisplayNames? = nil,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> DagLayout {
        let title = { (id: String) in names.map { groupTitle(id, names: $0) } ?? groupLabel(id) }
        if environment["TARMAC_REPORT_LAYOUT"] != "builtin",
           let drawn = DotLayout.layout(graph, groups: groups, groupLabel: title) { return drawn }
        return DagLayout(graph)
    }

    /// The `<svg>` element; each box links to `#task-<index>` (the index in `recorded.tasks`).
    public static func render(_ recorded: RecordedRun) -> String {
        let graph = DagGraph(recorded)
        let groups = DagGroups(nodes: graph.nodes)
        return render(recorded, graph: graph, groups: groups, layout: layout(graph, groups, names: recorded.displayNames))
    }

    /// The `<svg>` of `recorded` drawn with `layout`.
    public static func render(_ recorded: RecordedRun, graph: DagGraph, groups: DagGroups, layout: DagLayout) -> String {
        let index = Dictionary(recorded.tasks.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        let names = recorded.displayNames
        let (width, height) = (Markup.number(layout.width), Markup.number(layout.height))
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dag\" role=\"img\" aria-label=\"pipeline graph\" "
            + "data-layout=\"\(layout.engine.rawValue)\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">\n"
            + "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
            + "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#868e96\"/></marker></defs>\n"
        for frame in layout.frames { svg += DagSVGParts.frame(frame, title: groupTitle(frame.id, names: names), groups: groups) }
        for edge in layout.edges { svg += DagSVGParts.edge(edge, label: graph.label(from: edge.from, to: edge.to)) }
        for task in recorded.tasks {
            guard let point = layout.positions[task.name] else { continue }
            svg += DagSVGParts.node(task, label: label(task, names: names), at: point, index: index[task.name] ?? 0, groups: groups)
        }
        return svg + "</svg>"
    }
}
