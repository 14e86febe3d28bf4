import Foundation

/// Where a run keeps its files: one place for the engine that writes them and the commands that read them.
public enum RunLayout {
    /// `<pipelineRoot>/<pipeline>/<runID>`.
    public static func runDirectory(pipelineRoot: String, pipeline: String, runID: String) -> String {
        ((pipelineRoot as NSString).appendingPathComponent(pipeline) as NSString).appendingPathComponent(runID)
    }

    /// The directory of one task instance: `<runDirectory>/<address>`, loop indexes as `.N` (`for-loop-2.3/add`).
    public static func taskDirectory(runDirectory: String, task: String) -> String {
        let relative = task.replacingOccurrences(of: "[", with: ".").replacingOccurrences(of: "]", with: "")
        return (runDirectory as NSString).appendingPathComponent(relative)
    }
}
