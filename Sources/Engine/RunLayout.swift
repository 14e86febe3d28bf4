import Foundation
import Planner

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

    /// The log of one attempt: `<taskDirectory>/attempt-N.log`. Logs sit in the task directory itself, with
    /// no `logs/` subdirectory: a run of 10,000 short tasks then creates two inodes per task, not four
    /// (creating them is most of what Tarmac adds to a trivial task's cost on ext4).
    public static func attemptLog(taskDirectory: String, attempt: Int) -> String {
        taskDirectory + "/" + TaskLayout.attemptLogName(attempt)
    }

    /// The log of building a Lightweight Python component's environment: `<taskDirectory>/environment.log`.
    public static func environmentLog(taskDirectory: String) -> String {
        taskDirectory + "/" + TaskLayout.environmentLogName
    }
}
