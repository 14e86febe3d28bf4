import Basics
import Foundation
import Reporting
import RunDatabase

/// The `runs list` table: a header row, then one run a line.
enum RunsTable {
    static func render(_ runs: [RunRecord]) -> String {
        let formatter = ISO8601DateFormatter()
        let pad = { (text: String, width: Int) in text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
        var lines = [pad("RUN", 8) + "  " + pad("STATE", 11) + "  " + pad("STARTED", 20) + "  " + pad("DURATION", 8) + "  PIPELINE"]
        for run in runs {
            let seconds = run.finished.map { String(format: "%.1fs", $0.timeIntervalSince(run.started)) } ?? "-"
            lines.append(pad(String(run.id.prefix(8)), 8) + "  " + pad(run.state.rawValue, 11) + "  " + pad(formatter.string(from: run.started), 20)
                         + "  " + pad(seconds, 8) + "  " + run.pipelineName + (run.experiment.map { "  [\($0)]" } ?? ""))
        }
        return lines.joined(separator: "\n")
    }
}

/// The text of `runs show`: one fact a line, parameters and outputs one per line (not JSON blobs).
enum RunText {
    static func render(_ record: RunRecord, tasks: [TaskRecord], artifacts: [ArtifactRecord]) -> String {
        var out = "run \(record.id)\npipeline \(record.pipelineName) (\(record.pipelineFile))\nstate \(record.state)\n"
        if let experiment = record.experiment { out += "experiment \(experiment)\n" }
        out += section("parameters", members(record.parametersJSON))
        if let outputs = (try? JSONValue.parse(record.outputsJSON ?? "{}"))?.objectValue {
            var lines = (outputs["parameters"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value.canonicalJSON)" }
            for (name, list) in (outputs["artifacts"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                for artifact in list.arrayValue ?? [] { lines.append("\(name)  \(artifact["uri"]?.stringValue ?? "?")") }
            }
            out += section("outputs", lines)
        }
        out += "tasks:\n"
        let names = RecordedRun.names(of: tasks, pipelineFile: record.pipelineFile)
        for task in tasks {
            var line = "  \(task.state.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(names.titled(task.name))"
            if let exit = task.exitCode, exit != 0 { line += "  exit \(exit)" }
            if task.attempts > 1 { line += "  attempts \(task.attempts)" }
            if let outputs = task.outputsJSON, outputs != "{}" { line += "  outputs \(outputs)" }
            if let error = task.error, task.state == .failed { line += "\n      \(error)" }
            out += line + "\n"
        }
        let metrics = artifacts.filter { $0.schemaTitle == "system.Metrics" && $0.metadataJSON != "{}" }
        out += section("metrics", metrics.compactMap { artifact in
            guard case .object(let values)? = try? JSONValue.parse(artifact.metadataJSON) else { return nil }
            return "\(artifact.producerTask).\(artifact.outputKey)  " + values.keys.sorted().map { "\($0)=\(values[$0]!.textForm)" }.joined(separator: "  ")
        })
        out += section("artifacts", artifacts.map { artifact in
            "\(artifact.producerTask).\(artifact.outputKey)  \(artifact.schemaTitle)  \(artifact.uri)"
                + (artifact.metadataJSON != "{}" ? "  \(artifact.metadataJSON)" : "")
        })
        return out
    }

    /// `name = value` lines of a JSON object's members, sorted.
    private static func members(_ json: String) -> [String] {
        let object = (try? JSONValue.parse(json))?.objectValue ?? [:]
        return object.keys.sorted().map { "\($0) = \(object[$0]!.canonicalJSON)" }
    }

    /// A titled block of indented lines, or nothing when there are none.
    private static func section(_ title: String, _ lines: [String]) -> String {
        lines.isEmpty ? "" : "\(title):\n" + lines.map { "  \($0)\n" }.joined()
    }
}
