import Basics
import ClusterAPI
import Foundation

/// The `--json` document of `submit` and `watch` (docs/json-schemas.md): the run, its link, and once followed,
/// its end state and tasks.
enum SubmitJSON {
    /// The document; `final` is the run as it ended (nil when not watched).
    static func render(_ run: Run, link: String, experiment: Experiment?, final: Run?, version: PipelineVersion? = nil) -> String {
        var members: [String: JSONValue] = [
            "run_id": .string(run.runID),
            "display_name": run.displayName.map(JSONValue.string) ?? .null,
            "url": .string(link),
            "state": .string(((final ?? run).state ?? .pending).rawValue),
        ]
        if let experiment {
            members["experiment_id"] = .string(experiment.experimentID)
            members["experiment"] = experiment.displayName.map(JSONValue.string) ?? .null
        }
        if let version {  // submit --upload
            members["pipeline_id"] = .string(version.pipelineID)
            members["pipeline_version_id"] = .string(version.pipelineVersionID)
        }
        if let final {
            var tasks = RemoteTasks()
            _ = tasks.apply(final)
            members["tasks"] = .array(tasks.all.map { task in
                .object([
                    "name": .string(task.name), "state": .string(task.state.rawValue),
                    "error": task.detail.map(JSONValue.string) ?? .null,
                ])
            })
            if let message = final.error?.message { members["error"] = .string(message) }
        }
        return RecordJSON.document(members)
    }
}
