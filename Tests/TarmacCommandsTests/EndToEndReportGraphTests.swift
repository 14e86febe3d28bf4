import Foundation
import Reporting
import RunDatabase
import Testing

// The report's graph as a browser draws it: headless Chromium lays the page out, a probe script reads the
// boxes and edge paths (ReportGeometry), and the test checks that no two boxes overlap, every edge points
// down and no edge runs through a box it does not join. Screenshots go to the test's scratch directory
// (their paths are printed; set TARMAC_REPORT_SCREENSHOT_DIR to keep copies).

extension ReportTools {
    /// Graphviz `dot` (scripts/install-deps installs it; in CI it must be there).
    static var dotEnabled: Bool { E2E.isCI || DotLayout.dotExecutable() != nil }
}

@Suite("End-to-end: report graph geometry in headless Chromium",
       .enabled(if: E2E.compilerTestsEnabled && E2E.pythonTestsEnabled && ReportTools.chromiumEnabled && ReportTools.dotEnabled,
                "needs the KFP compiler, python3, chromium and graphviz (scripts/install-deps)"))
struct EndToEndReportGraphTests {
    @Test("the geometry check sees overlapping boxes, an upward edge and an edge through a box")
    func geometryCheckSeesProblems() async throws {
        let page = E2E.scratchDirectory("geometry-bad") + "/bad.html"
        try """
            <!DOCTYPE html><html><body><svg xmlns="http://www.w3.org/2000/svg" class="dag" width="600" height="400">
            <g class="node" data-task="a"><rect x="10" y="10" width="100" height="40"/></g>
            <g class="node" data-task="b"><rect x="60" y="20" width="100" height="40"/></g>
            <g class="node" data-task="c"><rect x="300" y="300" width="100" height="40"/></g>
            <g class="node" data-task="d"><rect x="300" y="150" width="100" height="40"/></g>
            <path class="edge" d="M350,300 L350,60"/>
            <path class="edge" d="M60,50 L350,50 L350,300"/>
            </svg></body></html>
            """.write(toFile: page, atomically: true, encoding: .utf8)
        let problems = try await ReportGeometry.read(page).problems
        #expect(problems.contains("nodes overlap: a and b"), "\(problems)")
        #expect(problems.contains { $0.hasPrefix("edge 0 does not point down") }, "\(problems)")
        #expect(problems.contains("edge 1 runs through d"), "\(problems)")
    }

    @Test("a 40-task loop: Graphviz and built-in layouts keep boxes apart, edges down and off other boxes; groups collapse")
    func wideLoop() async throws {
        let run = await runPipeline(try await FixturePipelines.shared.yaml("wide-loop"))
        #expect(run.code == 0, run.diagnostics)
        let directory = E2E.scratchDirectory("report-wide-loop")
        let page = directory + "/report.html"
        let made = await tarmacOffThread(["report", run.runID, "--store", E2E.store, "-o", page])
        #expect(made.code == 0, Comment(rawValue: made.stderr))
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("data-layout=\"graphviz\""), "dot is installed, so Graphviz lays the graph out")
        #expect(html.components(separatedBy: "<g class=\"group\"").count - 1 == 21, "the loop and its 20 iterations are framed")
        #expect(html.components(separatedBy: "<text class=\"edge-label\"").count - 1 == 20, "each produce → consume edge says `data`")
        #expect(html.contains("<title>for-loop-2[13]/consume — SUCCEEDED</title>"), "full names in tooltips")

        let store = try RunStore(path: E2E.store + "/tarmac.sqlite")
        let builtin = directory + "/report-builtin.html"
        try HTMLReport.render(try RecordedRun.load(id: run.runID, from: store), environment: ["TARMAC_REPORT_LAYOUT": "builtin"])
            .write(toFile: builtin, atomically: true, encoding: .utf8)
        for (file, layout) in [(page, "graphviz"), (builtin, "layered")] {
            let geometry = try await ReportGeometry.read(file)
            #expect(geometry.layout == layout)
            #expect(geometry.nodes.count == 42 && geometry.edges.count == 41, "\(geometry.nodes.count) boxes, \(geometry.edges.count) edges")
            #expect(geometry.problems.isEmpty, "\(layout): \(geometry.problems.prefix(20))")
            #expect(try await ReportGeometry.hiddenAfterCollapsing("for-loop-2", in: file) == 40, "collapsing the loop hides its 40 tasks")
            print("report screenshot (\(layout)): " + (try await screenshot(file)))
        }
    }

    @Test("the ML example's report graph: no overlap, edges down and off other boxes; screenshot")
    func mlExample() async throws {
        let run = await SharedRuns.shared.example("03-ml-pipeline")
        #expect(run.code == 0, run.diagnostics)
        let page = E2E.scratchDirectory("report-ml-graph") + "/report.html"
        let made = await tarmacOffThread(["report", run.runID, "--store", E2E.store, "-o", page])
        #expect(made.code == 0, Comment(rawValue: made.stderr))
        let geometry = try await ReportGeometry.read(page)
        #expect(geometry.layout == "graphviz" && geometry.nodes.count >= 5)
        #expect(geometry.problems.isEmpty, "\(geometry.problems)")
        print("report screenshot (ML example): " + (try await screenshot(page)))
    }

    /// A 1400×1800 screenshot of `page` next to it; its path.
    func screenshot(_ page: String) async throws -> String {
        let shot = page.replacingOccurrences(of: ".html", with: ".png")
        let result = await HeadlessChromium.open(page, ["--screenshot=" + shot, "--window-size=1400,1800", "--hide-scrollbars"])
        #expect(result.code == 0, Comment(rawValue: result.stderr))
        let size = (try? FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0
        #expect(size > 20_000, "screenshot at \(shot) is \(size) bytes")
        // The scratch directory goes with the test store; TARMAC_REPORT_SCREENSHOT_DIR keeps copies to look at.
        if let keep = E2E.environment["TARMAC_REPORT_SCREENSHOT_DIR"] {
            let name = URL(fileURLWithPath: page).deletingLastPathComponent().lastPathComponent + "-" + (shot as NSString).lastPathComponent
            try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            try? FileManager.default.copyItem(atPath: shot, toPath: keep + "/" + name)
            try? FileManager.default.copyItem(atPath: page, toPath: keep + "/" + name + ".html")
            return keep + "/" + name
        }
        return shot
    }
}
