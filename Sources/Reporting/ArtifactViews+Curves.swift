import Basics

/// ROC curves (one, or several overlaid with a legend) and sliced classification metrics.
extension ArtifactViews {
    /// One curve of an ROC chart: its legend label and KFP's `confidenceMetrics` points.
    public struct Curve: Sendable {
        /// The legend's text (empty: no legend).
        public let label: String
        /// `falsePositiveRate`/`recall` objects, as KFP logs them.
        public let points: [JSONValue]

        /// Makes a curve.
        public init(label: String, points: [JSONValue]) {
            self.label = label
            self.points = points
        }
    }

    /// The colours of overlaid curves, in order (then repeated).
    static let curveColours = ["#1d4ed8", "#d9480f", "#2b8a3e", "#862e9c", "#c2255c", "#0b7285", "#5c940d", "#e67700", "#364fc7", "#495057"]

    /// KFP's `confidenceMetrics` (`falsePositiveRate`, `recall`, `confidenceThreshold`) as an ROC curve.
    public static func rocCurve(_ points: [JSONValue]) -> String {
        rocChart([Curve(label: "", points: points)])
    }

    /// `curves` in one ROC chart, each a `path.curve` in its colour, with a legend when there are several.
    public static func rocChart(_ curves: [Curve], caption: String = "ROC curve") -> String {
        let drawn = curves.map { ($0.label, pairs($0.points)) }.filter { !$0.1.isEmpty }
        guard !drawn.isEmpty else { return "" }
        let size = 220.0, left = 40.0, top = 10.0, legend = drawn.count > 1 || !drawn[0].0.isEmpty
        let width = left + size + 20 + (legend ? 240 : 0)
        var svg = "<figure><figcaption>\(Markup.escape(caption))</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"roc\" "
            + "width=\"\(Markup.number(width))\" height=\"\(Markup.number(max(top + size + 40, 24 + Double(drawn.count) * 18)))\">"
        svg += "<rect x=\"\(Markup.number(left))\" y=\"\(Markup.number(top))\" width=\"\(Markup.number(size))\" height=\"\(Markup.number(size))\" fill=\"#fff\" stroke=\"#adb5bd\"/>"
        svg += "<path d=\"M\(Markup.number(left)),\(Markup.number(top + size)) L\(Markup.number(left + size)),\(Markup.number(top))\" stroke=\"#ced4da\" stroke-dasharray=\"4 4\"/>"
        for (index, (label, points)) in drawn.enumerated() {
            let colour = curveColours[index % curveColours.count]
            let path = points.map { "\(Markup.number(left + $0.0 * size)),\(Markup.number(top + (1 - $0.1) * size))" }.joined(separator: " L")
            svg += "<path class=\"curve\" data-label=\"\(Markup.escape(label))\" d=\"M\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
            if legend {
                let y = top + 8 + Double(index) * 18, x = left + size + 24
                svg += "<g class=\"legend-entry\"><rect x=\"\(Markup.number(x))\" y=\"\(Markup.number(y - 9))\" width=\"14\" height=\"4\" fill=\"\(colour)\"/>"
                    + text(x + 20, y - 4, label, anchor: "start", size: 11) + "</g>"
            }
        }
        svg += text(left + size / 2, top + size + 30, "false positive rate", anchor: "middle", size: 11)
        svg += "<text x=\"12\" y=\"\(Markup.number(top + size / 2))\" font-size=\"11\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 12 \(Markup.number(top + size / 2)))\">true positive rate</text>"
        for tick in [0.0, 0.5, 1.0] {
            svg += text(left + tick * size, top + size + 14, Markup.number(tick), anchor: "middle", size: 10)
            svg += text(left - 4, top + (1 - tick) * size + 4, Markup.number(tick), anchor: "end", size: 10)
        }
        return svg + "</svg></figure>"
    }

    /// The (false positive rate, recall) pairs of `points`, sorted.
    static func pairs(_ points: [JSONValue]) -> [(Double, Double)] {
        points.compactMap { point -> (Double, Double)? in
            guard let x = point["falsePositiveRate"]?.numberValue, let y = point["recall"]?.numberValue else { return nil }
            return (x, y)
        }.sorted { $0 < $1 }
    }

    /// KFP's `evaluationSlices` (`slice`, `sliceClassificationMetrics`: a ClassificationMetrics' metadata) as the KFP
    /// UI shows them: per slice, its confusion matrix and ROC curve.
    public static func slices(_ slices: [JSONValue]) -> String {
        guard !slices.isEmpty else { return "<p class=\"muted\">no slices logged</p>" }
        return slices.map { slice -> String in
            let name = slice["slice"]?.stringValue ?? "?"
            let metrics = slice["sliceClassificationMetrics"]
            var html = "<div class=\"slice\" data-slice=\"\(Markup.escape(name))\"><h4>slice: \(Markup.escape(name))</h4>"
            if let matrix = metrics?["confusionMatrix"] { html += confusionMatrix(matrix) }
            if let points = metrics?["confidenceMetrics"]?.arrayValue { html += rocChart([Curve(label: "", points: points)], caption: "ROC curve · \(name)") }
            return html + "</div>"
        }.joined()
    }
}
