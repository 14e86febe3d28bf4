import Foundation
import Planner
import RunDatabase

/// The run's DAG as an inline SVG: one box per task instance, coloured by state, edges as curves.
public enum DagSVG {
    /// Fill and stroke colours of each task state.
    public static func colours(_ state: String) -> (fill: String, stroke: String) {
        switch state {
        case "SUCCEEDED": return ("#d8f3dc", "#2d6a4f")
        case "CACHED": return ("#dbeafe", "#1d4ed8")
        case "FAILED": return ("#fde2e1", "#b42318")
        case "CANCELED": return ("#ffedd5", "#c2410c")
        case "RUNNING": return ("#fef9c3", "#a16207")
        case "SKIPPED", "NOT_RUN": return ("#f1f3f5", "#868e96")
        default: return ("#ffffff", "#495057")
        }
    }

    /// The `<svg>` element; each box links to `#task-<index>` (the index in `recorded.tasks`).
    public static func render(_ recorded: RecordedRun) -> String {
        let graph = DagGraph(recorded)
        let layout = DagLayout(graph)
        let index = Dictionary(recorded.tasks.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dag\" role=\"img\" aria-label=\"pipeline graph\" "
            + "width=\"\(Markup.number(layout.width))\" height=\"\(Markup.number(layout.height))\" "
            + "viewBox=\"0 0 \(Markup.number(layout.width)) \(Markup.number(layout.height))\">\n"
            + "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
            + "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#868e96\"/></marker></defs>\n"
        for edge in graph.edges {
            guard let from = layout.positions[edge.from], let to = layout.positions[edge.to] else { continue }
            svg += edgePath(from: from, to: to)
        }
        let names = recorded.displayNames
        for task in recorded.tasks {
            guard let point = layout.positions[task.name] else { continue }
            svg += node(task, title: names.path(of: task.name), at: point, index: index[task.name] ?? 0)
        }
        return svg + "</svg>"
    }

    static func edgePath(from: DagLayout.Point, to: DagLayout.Point) -> String {
        let half = DagLayout.nodeHeight / 2
        let (x1, y1, x2, y2) = (from.x, from.y + half, to.x, to.y - half)
        let middle = (y1 + y2) / 2
        // An edge that skips a row bows sideways, so it is not hidden behind the boxes in between.
        let skips = y2 - y1 > DagLayout.layerGap + DagLayout.nodeHeight
        let bow = skips ? DagLayout.nodeWidth * 0.65 : 0
        let d = "M\(Markup.number(x1)),\(Markup.number(y1)) C\(Markup.number(x1 + bow)),\(Markup.number(skips ? y1 + 40 : middle)) "
            + "\(Markup.number(x2 + bow)),\(Markup.number(skips ? y2 - 40 : middle)) \(Markup.number(x2)),\(Markup.number(y2))"
        return "<path class=\"edge\" d=\"\(d)\" fill=\"none\" stroke=\"#868e96\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>\n"
    }

    static func node(_ task: TaskRecord, title: String, at point: DagLayout.Point, index: Int) -> String {
        let (fill, stroke) = colours(task.state)
        let (w, h) = (DagLayout.nodeWidth, DagLayout.nodeHeight)
        let label = MiddleCut.cut(title, to: 25)
        var detail = task.state
        if let seconds = RecordedRun.duration(task.started, task.finished) { detail += " · " + HTMLFormat.duration(seconds) }
        if task.isCached { detail = "⚡ " + detail }
        return "<a href=\"#task-\(index)\"><g class=\"node\" data-task=\"\(Markup.escape(task.name))\" "
            + "data-state=\"\(Markup.escape(task.state))\"><title>\(Markup.escape(title + " — " + task.state))</title>"
            + "<rect x=\"\(Markup.number(point.x - w / 2))\" y=\"\(Markup.number(point.y - h / 2))\" width=\"\(Markup.number(w))\" "
            + "height=\"\(Markup.number(h))\" rx=\"8\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"2\"/>"
            + "<text x=\"\(Markup.number(point.x))\" y=\"\(Markup.number(point.y - 4))\" text-anchor=\"middle\" "
            + "font-size=\"12\" font-weight=\"600\" fill=\"#212529\">\(Markup.escape(label))</text>"
            + "<text x=\"\(Markup.number(point.x))\" y=\"\(Markup.number(point.y + 13))\" text-anchor=\"middle\" "
            + "font-size=\"11\" fill=\"\(stroke)\">\(Markup.escape(detail))</text></g></a>\n"
    }
}

/// Small text formats shared by the HTML pieces.
enum HTMLFormat {
    /// `0.4s`, `12s`, `3m05s`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.1fs", seconds) }
        if seconds < 60 { return String(format: "%.0fs", seconds) }
        return String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60)
    }

    /// ISO 8601 in UTC, or "—".
    static func time(_ date: Date?) -> String {
        guard let date else { return "—" }
        return ISO8601DateFormatter().string(from: date)
    }
}
