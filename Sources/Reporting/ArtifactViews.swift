import Basics
import Foundation
import RunDatabase

/// Artifact views in the manner of the KFP UI's visualizations.
public enum ArtifactViews {
    /// The largest HTML or Markdown artifact embedded whole; bigger ones are cut.
    public static let maxEmbeddedBytes = 512 * 1024

    /// The view of one artifact: by schema, then the metadata table.
    public static func render(_ artifact: ArtifactRecord) -> String {
        let metadata = (try? JSONValue.parse(artifact.metadataJSON))?.objectValue ?? [:]
        var html = ""
        switch artifact.schemaTitle {
        case "system.Metrics":
            html += metricsTable(metadata)
        case "system.ClassificationMetrics":
            if let matrix = metadata["confusionMatrix"] { html += confusionMatrix(matrix) }
            if let points = metadata["confidenceMetrics"]?.arrayValue { html += rocCurve(points) }
        case "system.SlicedClassificationMetrics":
            html += slices(metadata["evaluationSlices"]?.arrayValue ?? [])
        case "system.HTML":
            html += embeddedHTML(readText(artifact.uri))
        case "system.Markdown":
            html += "<div class=\"markdown\">" + MarkdownRenderer.render(readText(artifact.uri) ?? "(artifact file missing)") + "</div>"
        default:
            break
        }
        let shown: Set<String> = artifact.schemaTitle == "system.Metrics" ? Set(metadata.keys)
            : artifact.schemaTitle == "system.ClassificationMetrics" ? ["confusionMatrix", "confidenceMetrics"]
            : artifact.schemaTitle == "system.SlicedClassificationMetrics" ? ["evaluationSlices"] : []
        let rest = metadata.filter { !shown.contains($0.key) }
        if !rest.isEmpty { html += "<details><summary>metadata</summary>" + keyValueTable(rest) + "</details>" }
        return html
    }

    /// A two-column table of metric names and values, sorted by name.
    public static func metricsTable(_ metrics: [String: JSONValue]) -> String {
        let rows = metrics.keys.sorted().filter { $0 != "display_name" }
        guard !rows.isEmpty else { return "<p class=\"muted\">no metrics logged</p>" }
        return "<table class=\"metrics\"><thead><tr><th>metric</th><th>value</th></tr></thead><tbody>"
            + rows.map { "<tr><td>\(Markup.escape($0))</td><td class=\"num\">\(Markup.escape(metrics[$0]!.textForm))</td></tr>" }.joined()
            + "</tbody></table>"
    }

    /// A table of keys and JSON values.
    static func keyValueTable(_ values: [String: JSONValue]) -> String {
        "<table class=\"kv\"><tbody>" + values.keys.sorted().map {
            "<tr><th>\(Markup.escape($0))</th><td><code>\(Markup.escape(values[$0]!.canonicalJSON))</code></td></tr>"
        }.joined() + "</tbody></table>"
    }

    /// KFP's `confusionMatrix` (`annotationSpecs[].displayName`, `rows[].row[]`) as a shaded SVG grid.
    public static func confusionMatrix(_ matrix: JSONValue) -> String {
        let labels = (matrix["annotationSpecs"]?.arrayValue ?? []).map { $0["displayName"]?.stringValue ?? "?" }
        let rows = (matrix["rows"]?.arrayValue ?? []).map { ($0["row"]?.arrayValue ?? []).map { $0.numberValue ?? 0 } }
        guard !labels.isEmpty, rows.count == labels.count else { return "<p class=\"muted\">confusion matrix unreadable</p>" }
        let cell = 56.0, left = 110.0, top = 30.0, n = Double(labels.count)
        let peak = max(rows.flatMap { $0 }.max() ?? 1, 1)
        var svg = "<figure><figcaption>Confusion matrix</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"confusion\" "
            + "width=\"\(Markup.number(left + n * cell + 10))\" height=\"\(Markup.number(top + n * cell + 40))\">"
        svg += text(left + n * cell / 2, 14, "predicted", anchor: "middle", size: 12)
        for (i, label) in labels.enumerated() {
            let offset = Double(i) * cell + cell / 2
            svg += text(left + offset, top + n * cell + 16, label, anchor: "middle", size: 11)
            svg += text(left - 6, top + offset + 4, label, anchor: "end", size: 11)
        }
        svg += text(12, top + n * cell + 34, "actual ↓ / predicted →", anchor: "start", size: 10)
        for (r, row) in rows.enumerated() {
            for (c, value) in row.prefix(labels.count).enumerated() {
                let shade = value / peak
                let fill = "rgba(29,78,216,\(Markup.number(0.08 + 0.85 * shade)))"
                svg += "<rect x=\"\(Markup.number(left + Double(c) * cell))\" y=\"\(Markup.number(top + Double(r) * cell))\" "
                    + "width=\"\(Markup.number(cell))\" height=\"\(Markup.number(cell))\" fill=\"\(fill)\" stroke=\"#fff\"/>"
                svg += text(left + Double(c) * cell + cell / 2, top + Double(r) * cell + cell / 2 + 5, Markup.number(value),
                            anchor: "middle", size: 14, colour: shade > 0.5 ? "#fff" : "#212529")
            }
        }
        return svg + "</svg></figure>"
    }

    /// An HTML artifact in a sandboxed iframe (no scripts, no same origin), its text escaped into `srcdoc`.
    public static func embeddedHTML(_ html: String?) -> String {
        guard let html else { return "<p class=\"muted\">(artifact file missing)</p>" }
        return "<iframe class=\"html-artifact\" sandbox=\"\" referrerpolicy=\"no-referrer\" srcdoc=\"\(Markup.escape(html))\"></iframe>"
    }

    static func text(_ x: Double, _ y: Double, _ content: String, anchor: String, size: Int, colour: String = "#212529") -> String {
        "<text x=\"\(Markup.number(x))\" y=\"\(Markup.number(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\" "
            + "fill=\"\(colour)\">\(Markup.escape(content))</text>"
    }

    /// The text of a local artifact (a file, or `file://` URI), cut at ``maxEmbeddedBytes``; nil if unreadable.
    static func readText(_ uri: String) -> String? {
        let path = uri.hasPrefix("file://") ? String(uri.dropFirst(7)) : uri
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maxEmbeddedBytes)) ?? nil
        return String(decoding: data ?? Data(), as: UTF8.self)
    }
}
