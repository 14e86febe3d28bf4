import Basics
import Foundation

/// The report graph's geometry as Chromium lays it out: a copy of the page gets a script that reads every
/// node's box (`getBBox`) and 41 points along every edge (`getPointAtLength`) into a `<pre>`, and
/// `chromium --headless --dump-dom` prints the DOM with it. Only geometry is used, so the check also
/// reads reports made before edges carried `data-from`/`data-to`.
struct ReportGeometry {
    struct Box { let name: String, x: Double, y: Double, width: Double, height: Double }
    struct Edge { let points: [(x: Double, y: Double)] }
    let nodes: [Box]
    let edges: [Edge]
    let layout: String

    static let probe = """
        <script>(function(){var svg=document.querySelector('svg.dag');var out={layout:svg.getAttribute('data-layout')||'',nodes:[],edges:[]};
        svg.querySelectorAll('g.node').forEach(function(g){var r=g.querySelector('rect').getBBox();
        out.nodes.push({name:g.getAttribute('data-task'),x:r.x,y:r.y,w:r.width,h:r.height});});
        svg.querySelectorAll('path.edge').forEach(function(p){var n=p.getTotalLength(),pts=[];
        for(var i=0;i<=40;i++){var q=p.getPointAtLength(n*i/40);pts.push([q.x,q.y]);}out.edges.push(pts);});
        var pre=document.createElement('pre');pre.id='tarmac-geometry';pre.textContent=JSON.stringify(out);
        document.body.appendChild(pre);})();</script>
        """

    /// The geometry of the report at `page`, read in headless Chromium.
    static func read(_ page: String) async throws -> ReportGeometry {
        let probed = page + ".probe.html"
        let html = try String(contentsOfFile: page, encoding: .utf8).replacingOccurrences(of: "</body>", with: probe + "</body>")
        try html.write(toFile: probed, atomically: true, encoding: .utf8)
        let dom = await HeadlessChromium.open(probed, ["--dump-dom", "--virtual-time-budget=3000"])
        guard let start = dom.stdout.range(of: "<pre id=\"tarmac-geometry\">"),
              let end = dom.stdout.range(of: "</pre>", range: start.upperBound..<dom.stdout.endIndex) else {
            throw ProbeFailure(description: "no geometry in the DOM (exit \(dom.code)): \(dom.stderr.suffix(2000))")
        }
        let text = String(dom.stdout[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        let json = try JSONValue.parse(text)
        let nodes = (json["nodes"]?.arrayValue ?? []).map {
            Box(name: $0["name"]?.stringValue ?? "?", x: $0["x"]?.numberValue ?? 0, y: $0["y"]?.numberValue ?? 0,
                width: $0["w"]?.numberValue ?? 0, height: $0["h"]?.numberValue ?? 0)
        }
        let edges = (json["edges"]?.arrayValue ?? []).map { edge in
            Edge(points: (edge.arrayValue ?? []).map { ($0.arrayValue?[0].numberValue ?? 0, $0.arrayValue?[1].numberValue ?? 0) })
        }
        return ReportGeometry(nodes: nodes, edges: edges, layout: json["layout"]?.stringValue ?? "")
    }

    struct ProbeFailure: Error, CustomStringConvertible { let description: String }

    /// Every problem found: overlapping nodes, edges that do not point down, edges through a box they do not join.
    var problems: [String] {
        var found: [String] = []
        for (i, a) in nodes.enumerated() {
            for b in nodes[(i + 1)...] where a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height {
                found.append("nodes overlap: \(a.name) and \(b.name)")
            }
        }
        for (number, edge) in edges.enumerated() {
            guard let first = edge.points.first, let last = edge.points.last else { continue }
            if last.y <= first.y + 1 { found.append("edge \(number) does not point down: y \(Int(first.y)) → \(Int(last.y))") }
            let ends = nodes.filter { Self.touches($0, first) || Self.touches($0, last) }.map(\.name)
            for box in nodes where !ends.contains(box.name) {
                if edge.points.contains(where: { box.x + 2 < $0.x && $0.x < box.x + box.width - 2 && box.y + 2 < $0.y && $0.y < box.y + box.height - 2 }) {
                    found.append("edge \(number) runs through \(box.name)")
                }
            }
        }
        return found
    }

    /// Whether `point` is on or within 4 px of `box`.
    static func touches(_ box: Box, _ point: (x: Double, y: Double)) -> Bool {
        point.x >= box.x - 4 && point.x <= box.x + box.width + 4 && point.y >= box.y - 4 && point.y <= box.y + box.height + 4
    }
}

extension ReportGeometry {
    /// How many task boxes are hidden after clicking the −/+ button of group `group` in the page at `page`.
    static func hiddenAfterCollapsing(_ group: String, in page: String) async throws -> Int {
        let probed = page + ".collapse.html"
        let probe = "<script>(function(){var t=document.querySelector('.toggle[data-toggle=\"\(group)\"]');"
            + "if(t)t.dispatchEvent(new MouseEvent('click',{bubbles:true}));var n=0;"
            + "document.querySelectorAll('svg.dag g.node').forEach(function(g){if(getComputedStyle(g).display==='none')n++;});"
            + "var pre=document.createElement('pre');pre.id='tarmac-hidden';pre.textContent=t?String(n):'no toggle';"
            + "document.body.appendChild(pre);})();</script>"
        let html = try String(contentsOfFile: page, encoding: .utf8).replacingOccurrences(of: "</body>", with: probe + "</body>")
        try html.write(toFile: probed, atomically: true, encoding: .utf8)
        let dom = await HeadlessChromium.open(probed, ["--dump-dom", "--virtual-time-budget=3000"])
        guard let start = dom.stdout.range(of: "<pre id=\"tarmac-hidden\">"),
              let end = dom.stdout.range(of: "</pre>", range: start.upperBound..<dom.stdout.endIndex),
              let count = Int(dom.stdout[start.upperBound..<end.lowerBound]) else {
            throw ProbeFailure(description: "collapsing \(group) gave no count: \(dom.stdout.suffix(300))")
        }
        return count
    }
}
