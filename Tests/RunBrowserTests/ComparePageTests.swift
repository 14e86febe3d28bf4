import Foundation
import Reporting
import RunDatabase
import Testing
@testable import RunBrowser

@Suite("Compare, lineage and Cache pages")
struct ComparePageTests {
    /// Records a ClassificationMetrics and a Metrics artifact of task `eval` in run `id`.
    func metrics(_ fixture: BrowserFixture, _ id: String, accuracy: Double) throws {
        try fixture.store.insertArtifact(ArtifactRecord(
            id: id + "-roc", runID: id, producerTask: "eval", outputKey: "roc", schemaTitle: "system.ClassificationMetrics", uri: "/nowhere",
            metadataJSON: #"{"confidenceMetrics":[{"falsePositiveRate":0,"recall":0},{"falsePositiveRate":0.2,"recall":\#(accuracy)},{"falsePositiveRate":1,"recall":1}]}"#,
            created: Date()))
        try fixture.store.insertArtifact(ArtifactRecord(
            id: id + "-m", runID: id, producerTask: "eval", outputKey: "scores", schemaTitle: "system.Metrics", uri: "/nowhere2",
            metadataJSON: #"{"accuracy":\#(accuracy),"<b>":1}"#, created: Date()))
    }

    @Test("three runs: differing parameters, metrics and states marked, equal ones not; one ROC chart with a curve per run")
    func compare() throws {
        let fixture = try BrowserFixture()
        try fixture.run("run00001", parameters: #"{"lr":0.1,"epochs":3}"#, tasks: ["eval": .succeeded])
        try fixture.run("run00002", parameters: #"{"lr":0.5,"epochs":3}"#, tasks: ["eval": .cached])
        try fixture.run("run00003", parameters: #"{"lr":"<script>","epochs":3}"#, tasks: ["eval": .succeeded])
        for (id, accuracy) in [("run00001", 0.8), ("run00002", 0.9), ("run00003", 0.8)] { try metrics(fixture, id, accuracy: accuracy) }
        let recorded = try ["run00001", "run00002", "run00003"].map { try RecordedRun.load(id: $0, from: fixture.store) }
        let page = ComparePage.render(recorded)
        #expect(page.contains("<tr class=\"differs\"><th>lr</th><td class=\"differs\"><code>0.1</code></td><td class=\"differs\"><code>0.5</code></td>"))
        #expect(page.contains("<tr><th>epochs</th><td><code>3</code></td>"), "equal values are not marked")
        #expect(page.contains("<tr class=\"differs\"><th>eval.scores.accuracy</th>"))
        #expect(page.contains("<tr class=\"differs\"><th>eval</th><td class=\"differs\"><code>SUCCEEDED</code></td><td class=\"differs\"><code>CACHED</code>"))
        #expect(page.contains("&lt;script&gt;") && !page.contains("<script>\"") && !page.contains("<th><b></th>"))
        #expect(page.components(separatedBy: "<path class=\"curve\"").count == 4, "one curve per run in one chart")
        #expect(page.components(separatedBy: "<svg").count == 2)
        #expect(page.contains("run00002 eval.roc"), "the legend names the run")
    }

    @Test("RunComparison of two runs agrees with RunDiff on what differs")
    func agreesWithDiff() throws {
        let fixture = try BrowserFixture()
        try fixture.run("run00001", parameters: #"{"a":1,"b":2}"#, tasks: ["t": .succeeded, "u": .failed])
        try fixture.run("run00002", parameters: #"{"a":1,"b":3,"c":4}"#, tasks: ["t": .succeeded])
        let (one, two) = (try RecordedRun.load(id: "run00001", from: fixture.store), try RecordedRun.load(id: "run00002", from: fixture.store))
        let diff = RunDiff(one, two), comparison = RunComparison([one, two])
        #expect(comparison.parameters.filter(\.differs).map(\.key) == diff.parameters.map(\.key))
        #expect(comparison.parameters.filter(\.differs).map(\.key) == ["b", "c"])
        #expect(comparison.taskStates.filter(\.differs).map(\.key) == diff.taskStates.map(\.key))
        #expect(comparison.taskStates.first { $0.key == "u" }?.values == ["FAILED", nil])
    }

    @Test("ids: a comma list and repeated run=, repeats dropped; 1 or 11 runs is a problem")
    func ids() {
        #expect(ComparePage.ids(runs: "a, b,,a", repeated: ["c", "b"]) == ["a", "b", "c"])
        #expect(ComparePage.countProblem(["a"])?.contains("2 to 10") == true)
        #expect(ComparePage.countProblem((0..<11).map(String.init)) != nil)
        #expect(ComparePage.countProblem(["a", "b"]) == nil)
    }

    @Test("lineage: producer, its inputs, every consumer in every run; a cached producer links the execution that wrote the entry")
    func lineage() throws {
        let fixture = try BrowserFixture()
        try fixture.run("run00001", tasks: ["prep": .succeeded, "train": .succeeded])
        try fixture.run("run00002", tasks: ["prep": .cached, "train": .succeeded])
        let data = { (run: String) in ArtifactRecord(id: run + "-data", runID: run, producerTask: "prep", outputKey: "data<x>",
                                                     schemaTitle: "system.Dataset", uri: "/store/data", metadataJSON: "{}", created: Date()) }
        try fixture.store.insertArtifact(data("run00001"))
        try fixture.store.insertArtifact(data("run00002"))
        try fixture.store.recordArtifactUse(runID: "run00001", consumerTask: "train", inputKey: "dataset", artifactID: "run00001-data")
        try fixture.store.recordArtifactUse(runID: "run00002", consumerTask: "train", inputKey: "dataset", artifactID: "run00001-data")
        var cached = try #require(try fixture.store.task(runID: "run00002", name: "prep"))
        cached.cacheStatus = .hit
        cached.cacheKey = "k1"
        try fixture.store.upsertTask(cached)
        try fixture.store.saveCacheEntry(CacheEntry(pipelineName: "demo", cacheKey: "k1", taskName: "prep", componentName: "comp-prep", runID: "run00001",
                                                    created: Date(), lastUsed: Date(), outputsJSON: "{}", objects: [], bytes: 10))
        let first = LineagePage.render(try LineagePage.Facts(artifactID: "run00001-data", store: fixture.store))
        #expect(first.contains("data&lt;x&gt;") && !first.contains("data<x>"))
        #expect(first.contains("href=\"/runs/run00001#task=prep\""))
        #expect(first.contains("href=\"/runs/run00001#task=train\"") && first.contains("href=\"/runs/run00002#task=train\""))
        #expect(first.contains("href=\"/artifacts/run00002-data\""), "the other record of the same URI")
        let second = LineagePage.render(try LineagePage.Facts(artifactID: "run00002-data", store: fixture.store))
        #expect(second.contains("served from the cache: the entry was written by <a class=\"task-link\" href=\"/runs/run00001#task=prep\">"))
    }

    @Test("cache page: entries grouped by pipeline, escaped; a delete button only when deleting is allowed")
    func cachePage() throws {
        let entry = CacheEntry(pipelineName: "p<1>", cacheKey: "abc", taskName: "t", componentName: "c", runID: "run00001",
                               created: Date(), lastUsed: Date(), outputsJSON: "{}", objects: [], bytes: 2048)
        let readOnly = CachePage.render([entry], canDelete: false)
        #expect(readOnly.contains("<h2>p&lt;1&gt;</h2>") || readOnly.contains("p&lt;1&gt;"))
        #expect(!readOnly.contains("p<1>") && readOnly.contains(ByteCountFormatter.string(fromByteCount: 2048, countStyle: .binary)) && !readOnly.contains("action=\"/cache/delete\""))
        let deletable = CachePage.render([entry], canDelete: true)
        #expect(deletable.contains("<form method=\"post\" action=\"/cache/delete\"") && deletable.contains("value=\"p&lt;1&gt;\""))
        #expect(CachePage.formFields("pipeline=a+b%2Fc&key=k%26&key=ignored") == ["pipeline": "a b/c", "key": "k&"])
    }
}
