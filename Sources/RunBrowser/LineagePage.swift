import Basics
import Foundation
import Reporting
import RunDatabase

/// The lineage of one artifact (`/artifacts/ID`): the run and task that produced it, what that task consumed, every
/// task of every run that consumed it, and, when the producer came from the cache, the execution that wrote the entry.
enum LineagePage {
    /// What the page shows, read by indexed queries (the artifact's key, `artifact_uses_by_artifact`,
    /// `artifacts_by_uri`, the cache entry's key).
    struct Facts {
        let lineage: ArtifactLineage
        let consumers: [ArtifactUse]
        /// Other records of the same URI (e.g. a cached task's record of the original output).
        let sameURI: [ArtifactRecord]
        /// The cache entry a cached producer was served from.
        let cacheSource: CacheEntry?

        /// Reads them from `store`.
        init(artifactID: String, store: RunStore) throws {
            lineage = try store.lineage(artifactID: artifactID)
            consumers = try store.consumers(ofArtifactID: artifactID)
            sameURI = try store.producers(ofArtifactURI: lineage.artifact.uri).map(\.artifact).filter { $0.id != artifactID }
            if let producer = lineage.producer, producer.cacheStatus == .hit, let key = producer.cacheKey {
                cacheSource = try store.cacheEntry(pipeline: lineage.run.pipelineName, key: key)
            } else {
                cacheSource = nil
            }
        }
    }

    /// The page of `facts`.
    static func render(_ facts: Facts) -> String {
        let artifact = facts.lineage.artifact, run = facts.lineage.run
        var body = "<h1>Artifact <code>\(Markup.escape(artifact.outputKey))</code> <small class=\"muted\">\(Markup.escape(artifact.schemaTitle))</small></h1>"
        body += "<dl class=\"facts\"><dt>id</dt><dd><code>\(Markup.escape(artifact.id))</code></dd><dt>uri</dt><dd><code>\(Markup.escape(artifact.uri))</code></dd>"
            + "<dt>digest</dt><dd><code>\(Markup.escape(artifact.digest ?? "—"))</code></dd><dt>created</dt><dd>\(Markup.escape(HTMLFormat.time(artifact.created)))</dd></dl>"
        var producer = "<ul class=\"lineage producer\"><li>" + taskLink(run.id, artifact.producerTask, pipeline: run.pipelineName)
        if let task = facts.lineage.producer {
            producer += " <span class=\"badge state-\(Markup.escape(task.state.rawValue))\">\(Markup.escape(task.state.rawValue))</span>"
        } else {
            producer += " <span class=\"muted\">(the task's row was never recorded)</span>"
        }
        producer += "</li></ul>"
        if facts.lineage.producer?.cacheStatus == .hit {
            producer += "<p class=\"cache-source\">served from the cache: " + (facts.cacheSource.map {
                "the entry was written by " + taskLink($0.runID, $0.taskName, pipeline: $0.pipelineName)
            } ?? "<span class=\"muted\">its cache entry is gone (pruned or cleared)</span>") + "</p>"
        }
        body += HTMLReport.section("Produced by", producer)
        body += HTMLReport.section("Inputs of the producer", facts.lineage.inputs.isEmpty ? "<p class=\"muted\">none</p>" : "<ul class=\"lineage inputs\">"
            + facts.lineage.inputs.map { "<li><b>\(Markup.escape($0.inputKey))</b>: " + artifactLink($0.artifact) + "</li>" }.joined() + "</ul>")
        body += HTMLReport.section("Consumed by", facts.consumers.isEmpty ? "<p class=\"muted\">no recorded task consumed it</p>" : "<ul class=\"lineage consumers\">"
            + facts.consumers.map { "<li>" + taskLink($0.runID, $0.consumerTask, pipeline: nil) + " as <b>\(Markup.escape($0.inputKey))</b></li>" }.joined() + "</ul>")
        if !facts.sameURI.isEmpty {
            body += HTMLReport.section("Other records of this URI", "<ul class=\"lineage same-uri\">"
                + facts.sameURI.map { "<li>" + artifactLink($0) + "</li>" }.joined() + "</ul>")
        }
        return PageFrame.page(title: "tarmac ui · artifact " + artifact.outputKey, body: body)
    }

    /// `task` of run `runID`, linked to its details on the Run page.
    static func taskLink(_ runID: String, _ task: String, pipeline: String?) -> String {
        "<a class=\"task-link\" href=\"/runs/\(Markup.escape(RunsQuery.encode(runID)))#task=\(Markup.escape(RunsQuery.encode(task)))\">"
            + "<b>\(Markup.escape(task))</b> in run <code>\(Markup.escape(String(runID.prefix(8))))</code></a>"
            + (pipeline.map { " <span class=\"muted\">(\(Markup.escape($0)))</span>" } ?? "")
    }

    /// A link to `artifact`'s lineage page.
    static func artifactLink(_ artifact: ArtifactRecord) -> String {
        "<a class=\"artifact-link\" href=\"\(href(artifact.id))\"><code>\(Markup.escape(artifact.producerTask)).\(Markup.escape(artifact.outputKey))</code></a>"
            + " of run <code>\(Markup.escape(String(artifact.runID.prefix(8))))</code>"
    }

    /// The escaped `href` of an artifact's lineage page.
    static func href(_ id: String) -> String { Markup.escape("/artifacts/" + RunsQuery.encode(id)) }
}
