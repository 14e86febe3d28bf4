import Basics
import Foundation
import Planner
import Reporting
import RunDatabase
import Testing

@Suite("DAG graph, layout and artifact views")
struct GraphAndViewsTests {
    @Test func lineageEdgesWithoutTheIR() {
        let created = Date()
        let artifacts = [
            ArtifactRecord(id: "a1", runID: "run-0001", producerTask: "prep", outputKey: "data", schemaTitle: "system.Dataset",
                           uri: "/x", metadataJSON: "{}", created: created),
            ArtifactRecord(id: "a2", runID: "run-0001", producerTask: "train", outputKey: "model", schemaTitle: "system.Model",
                           uri: "/y", metadataJSON: "{}", created: created),
        ]
        let uses = [ArtifactUse(runID: "run-0001", consumerTask: "train", inputKey: "data", artifactID: "a1"),
                    ArtifactUse(runID: "run-0001", consumerTask: "eval", inputKey: "model", artifactID: "a2"),
                    ArtifactUse(runID: "run-0001", consumerTask: "eval", inputKey: "data", artifactID: "a1")]
        let graph = DagGraph(sampleRun(artifacts: artifacts, uses: uses))
        #expect(graph.edges.map { "\($0.from)->\($0.to)" }.sorted() == ["prep->eval", "prep->train", "train->eval"])
        let layout = DagLayout(graph)
        #expect(layout.layers == ["prep": 0, "train": 1, "eval": 2])
        #expect(layout.positions["prep"]!.y < layout.positions["train"]!.y)
    }

    @Test func parallelNodesShareALayer() {
        let layout = DagLayout(DagGraph(nodes: ["a", "b", "c", "d"], edges: [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")]))
        #expect(layout.layers == ["a": 0, "b": 1, "c": 1, "d": 2])
        #expect(layout.positions["b"]!.y == layout.positions["c"]!.y)
        #expect(layout.positions["b"]!.x != layout.positions["c"]!.x)
    }

    @Test func confusionMatrixAndROC() throws {
        let metadata = try JSONValue.parse("""
            {"confusionMatrix":{"annotationSpecs":[{"displayName":"setosa"},{"displayName":"<b>"}],
             "rows":[{"row":[10,0]},{"row":[1,9]}]},
             "confidenceMetrics":[{"confidenceThreshold":1,"falsePositiveRate":0,"recall":0},
                                  {"confidenceThreshold":0.5,"falsePositiveRate":0.1,"recall":0.9},
                                  {"confidenceThreshold":0,"falsePositiveRate":1,"recall":1}]}
            """)
        let artifact = ArtifactRecord(id: "c", runID: "r", producerTask: "eval", outputKey: "classification",
                                      schemaTitle: "system.ClassificationMetrics", uri: "/none", metadataJSON: metadata.canonicalJSON,
                                      created: Date())
        let html = ArtifactViews.render(artifact)
        #expect(html.contains("Confusion matrix"))
        #expect(html.contains(">setosa</text>"))
        #expect(html.contains("&lt;b&gt;"))
        #expect(html.contains(">10</text>") && html.contains(">9</text>"))
        #expect(html.contains("ROC curve"))
        #expect(html.contains("M40,230 L62,32 L260,10"))
    }

    @Test func metricsTableAndSandboxedHTML() throws {
        #expect(ArtifactViews.metricsTable(["accuracy": 0.9, "rows": 30]).contains("<tr><td>accuracy</td><td class=\"num\">0.9</td></tr>"))
        let frame = ArtifactViews.embeddedHTML("<script>parent.alert(1)</script>\"")
        #expect(frame.hasPrefix("<iframe class=\"html-artifact\" sandbox=\"\""))
        #expect(frame.contains("srcdoc=\"&lt;script&gt;parent.alert(1)&lt;/script&gt;&quot;\""))
    }

    @Test func reportEscapesEverythingFromTasks() {
        let evil = TaskRecord(runID: "run-0001", name: "<script>alert(1)</script>", displayName: "x", state: .failed,
                              componentName: "\"><img src=x onerror=alert(2)>", error: "</pre><script>alert(3)</script>")
        let html = HTMLReport.render(sampleRun(tasks: [evil]))
        #expect(html.components(separatedBy: "<script").count == 2)  // the report's own script only
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("<svg"))
        #expect(html.contains("Content-Security-Policy"))
        #expect(html.contains("data-task=\"train\" data-state=\"CACHED\""))
        #expect(html.contains("⚡ CACHED · 0.0s") && html.contains("⚡ cached</span>"), "cache hits are marked in the graph and the table")
        #expect(html.contains("<dt>experiment</dt><dd>exp-a</dd>"))
    }

    @Test("the report titles tasks by display name and lists the artifacts a task read by its input names")
    func reportNamesAndInputs() {
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let model = ArtifactRecord(id: "a1", runID: "run-0001", producerTask: "train", outputKey: "model", schemaTitle: "system.Model",
                                   uri: "/tmp/root/train/model", metadataJSON: "{}", created: start)
        let data = ArtifactRecord(id: "a2", runID: "run-0001", producerTask: "prep", outputKey: "dataset",
                                  schemaTitle: "system.Dataset", uri: "/tmp/root/prep/dataset", metadataJSON: "{}", created: start)
        let deploy = TaskRecord(runID: "run-0001", name: "condition-1/deploy", displayName: "deploy", state: .succeeded,
                                componentName: "comp-deploy", inputsJSON: #"{"pipelinechannel--threshold":0.9,"target":"prod"}"#)
        let group = TaskRecord(runID: "run-0001", name: "condition-1", displayName: "good-enough", state: .succeeded,
                               componentName: "comp-condition-1")
        let uses = [ArtifactUse(runID: "run-0001", consumerTask: "condition-1/deploy", inputKey: "model", artifactID: "a1"),
                    ArtifactUse(runID: "run-0001", consumerTask: "condition-1/deploy", inputKey: "data", artifactID: "a2")]
        let recorded = sampleRun(tasks: [group, deploy], artifacts: [model, data], uses: uses)
        let inputs = recorded.inputs(of: deploy, names: recorded.displayNames)
        #expect(inputs == ["threshold": .number(0.9), "target": .string("prod"), "model": .string("train.model"),
                           "data": .string("prep.dataset")])
        let html = HTMLReport.render(recorded)
        #expect(html.contains("good-enough/deploy <small class=\"muted\">condition-1/deploy</small></summary>"))
        #expect(html.contains("prep.dataset") && !html.contains("pipelinechannel--"))
    }

    @Test("group frames and artifact sections are titled by display name, then the key where it differs")
    func reportGroupAndArtifactTitles() throws {
        try #require(Tools.isCI || DotLayout.dotExecutable() != nil, "graphviz (scripts/install-deps): only its layout draws group frames")
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let group = TaskRecord(runID: "run-0001", name: "condition-1", displayName: "good-enough", state: .succeeded,
                               componentName: "comp-condition-1")
        let deploy = TaskRecord(runID: "run-0001", name: "condition-1/deploy", displayName: "ship it", state: .succeeded,
                                componentName: "comp-deploy")
        let metrics = ArtifactRecord(id: "m1", runID: "run-0001", producerTask: "condition-1/deploy", outputKey: "metrics",
                                     schemaTitle: "system.Metrics", uri: "/m", metadataJSON: #"{"accuracy":0.9}"#, created: start)
        let html = HTMLReport.render(sampleRun(tasks: [group, deploy], artifacts: [metrics]), environment: [:])
        #expect(html.contains(">good-enough (condition-1)</text></g>"), "the frame's title")
        #expect(html.contains("<title>good-enough (condition-1) — condition-1</title>"), "the frame's tooltip keeps the key")
        #expect(html.contains("<h3>good-enough/ship it.metrics <small class=\"muted\">condition-1/deploy</small> <small>system.Metrics</small></h3>"))
        #expect(!html.contains(">condition-1</text>"))
        #expect(DagSVG.groupTitle("for-loop-2[3]", names: DisplayNames(segments: ["for-loop-2": "for x in xs"])) == "for x in xs [3] (for-loop-2 [3])")
        #expect(DagSVG.groupTitle("for-loop-2[3]", names: DisplayNames(segments: [:])) == "for-loop-2 [3]")
    }

    @Test func diffNamesChangedParametersAndTasks() {
        let before = sampleRun()
        var tasks = before.tasks
        tasks[2].state = .succeeded
        var run = before.run
        run.id = "run-0002"
        run.parametersJSON = #"{"lr":0.2}"#
        let diff = RunDiff(before, RecordedRun(run: run, tasks: tasks))
        #expect(diff.parameters == [.init(key: "lr", before: "0.1", after: "0.2")])
        #expect(diff.taskStates == [.init(key: "eval", before: "FAILED", after: "SUCCEEDED")])
        #expect(RunDiff(before, before).isEmpty)
    }

    @Test func diffComparesMetricsOfMetricsArtifacts() {
        func metrics(_ accuracy: Double) -> ArtifactRecord {
            ArtifactRecord(id: "m\(accuracy)", runID: "run-0001", producerTask: "eval", outputKey: "metrics",
                           schemaTitle: "system.Metrics", uri: "/m", metadataJSON: JSONValue.object(["accuracy": .number(accuracy)]).canonicalJSON,
                           created: Date())
        }
        let diff = RunDiff(sampleRun(artifacts: [metrics(0.9)]), sampleRun(artifacts: [metrics(0.95)]))
        #expect(diff.metrics == [.init(key: "eval.metrics.accuracy", before: "0.9", after: "0.95")])
        #expect(diff.render(sampleRun().run, sampleRun().run).contains("metrics:\n  eval.metrics.accuracy: 0.9 → 0.95\n"))
    }
}
