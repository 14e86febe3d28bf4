import Planner
import RunDatabase

/// The pieces of ``DagSVG``: group frames, edges with their labels, and task boxes.
enum DagSVGParts {
    private static func n(_ value: Double) -> String { Markup.number(value) }

    /// A group's frame and title; `data-groups` names the groups it is inside of (collapsing one hides it).
    static func frame(_ frame: DagLayout.Frame, title: String, groups: DagGroups) -> String {
        let inside = groups.ancestors(ofGroup: frame.id).joined(separator: " ")
        let iteration = DagGroups.isIteration(frame.id)
        return "<g class=\"group\" data-group=\"\(Markup.escape(frame.id))\" data-groups=\"\(Markup.escape(inside))\">"
            + "<title>\(Markup.escape(title == frame.id ? title : "\(title) — \(frame.id)"))</title>"
            + "<rect x=\"\(n(frame.x))\" y=\"\(n(frame.y))\" width=\"\(n(frame.width))\" height=\"\(n(frame.height))\" rx=\"6\" "
            + "fill=\"\(iteration ? "#fcfcfd" : "#f4f6fb")\" stroke=\"#adb5bd\" stroke-dasharray=\"\(iteration ? "3 3" : "none")\"/>"
            + "<text x=\"\(n(frame.x + 8))\" y=\"\(n(frame.y + 14))\" font-size=\"11\" fill=\"#495057\">"
            + "\(Markup.escape(MiddleCut.cut(title, to: 40)))</text></g>\n"
    }

    /// An edge as a path (Bézier from Graphviz; else vertical runs joined by S-curves), and its label.
    static func edge(_ edge: DagLayout.Edge, label: String) -> String {
        guard let first = edge.points.first else { return "" }
        var d = "M\(n(first.x)),\(n(first.y))"
        if edge.isBezier {
            for start in stride(from: 1, to: edge.points.count - 2, by: 3) {
                let (a, b, c) = (edge.points[start], edge.points[start + 1], edge.points[start + 2])
                d += " C\(n(a.x)),\(n(a.y)) \(n(b.x)),\(n(b.y)) \(n(c.x)),\(n(c.y))"
            }
        } else {
            for (a, b) in zip(edge.points, edge.points.dropFirst()) {
                let middle = (a.y + b.y) / 2
                d += a.x == b.x ? " L\(n(b.x)),\(n(b.y))" : " C\(n(a.x)),\(n(middle)) \(n(b.x)),\(n(middle)) \(n(b.x)),\(n(b.y))"
            }
        }
        let ends = "data-from=\"\(Markup.escape(edge.from))\" data-to=\"\(Markup.escape(edge.to))\""
        var svg = "<path class=\"edge\" \(ends) d=\"\(d)\" fill=\"none\" stroke=\"#868e96\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>\n"
        if let at = edge.labelAt, !label.isEmpty {
            svg += "<text class=\"edge-label\" \(ends) x=\"\(n(at.x))\" y=\"\(n(at.y + 3))\" text-anchor=\"middle\" font-size=\"10\" "
                + "fill=\"#495057\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\"><title>\(Markup.escape(label))</title>"
                + "\(Markup.escape(MiddleCut.cut(label, to: 30)))</text>\n"
        }
        return svg
    }

    /// A task's box, showing `label`, linking to its details; a group's head also gets the −/+ button that collapses the group.
    static func node(_ task: TaskRecord, label: String, at point: DagLayout.Point, index: Int, groups: DagGroups) -> String {
        let (fill, stroke) = DagSVG.colours(task.state)
        let (w, h) = (DagLayout.nodeWidth, DagLayout.nodeHeight)
        var detail = task.state.rawValue
        if let seconds = RecordedRun.duration(task.started, task.finished) { detail += " · " + HTMLFormat.duration(seconds) }
        if task.isCached { detail = "⚡ " + detail }
        let inside = Markup.escape(groups.ancestors(of: task.name).joined(separator: " "))
        var svg = "<a href=\"#task-\(index)\"><g class=\"node\" data-task=\"\(Markup.escape(task.name))\" "
            + "data-state=\"\(Markup.escape(task.state.rawValue))\" data-groups=\"\(inside)\"><title>\(Markup.escape(task.name + " — " + task.state.rawValue))</title>"
            + "<rect x=\"\(n(point.x - w / 2))\" y=\"\(n(point.y - h / 2))\" width=\"\(n(w))\" "
            + "height=\"\(n(h))\" rx=\"8\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"2\"/>"
            + "<text x=\"\(n(point.x))\" y=\"\(n(point.y - 4))\" text-anchor=\"middle\" "
            + "font-size=\"12\" font-weight=\"600\" fill=\"#212529\">\(Markup.escape(MiddleCut.cut(label, to: DagSVG.labelWidth)))</text>"
            + "<text x=\"\(n(point.x))\" y=\"\(n(point.y + 13))\" text-anchor=\"middle\" "
            + "font-size=\"11\" fill=\"\(stroke)\">\(Markup.escape(detail))</text></g></a>\n"
        if groups.byID[task.name] != nil {
            let (x, y) = (point.x + w / 2 - 20, point.y - h / 2 + 3)
            svg += "<g class=\"toggle\" data-toggle=\"\(Markup.escape(task.name))\" data-groups=\"\(inside)\" role=\"button\">"
                + "<title>collapse or expand \(Markup.escape(task.name))</title>"
                + "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"17\" height=\"15\" rx=\"3\" fill=\"#fff\" stroke=\"\(stroke)\"/>"
                + "<text x=\"\(n(x + 8.5))\" y=\"\(n(y + 12))\" text-anchor=\"middle\" font-size=\"13\" fill=\"#212529\">−</text></g>\n"
        }
        return svg
    }
}
