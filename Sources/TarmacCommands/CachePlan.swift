import Basics
import Engine
import Foundation
import Planner
import RunDatabase
import Runners

/// `plan --cache`: a dry run that looks every container task up in the store's cache, runs nothing and
/// records nothing, and says per task whether it would come from the cache or run, and why.
enum CachePlan {
    static func render(file: PipelineFile, parameters: RunParameters, storeOptions: StoreOptions) throws -> String {
        let store = try storeOptions.open()
        let options = RunOptions(placement: .init(keepGoing: true), output: .init(storeDirectory: storeOptions.directory, streamLogs: false,
                                                                                     optionNames: .commandLine))
        let runner = PipelineRunner(spec: file.spec, pipelineFile: absolute(file.path), parameters: parameters, options: options,
                                    store: store, services: .dryRun, sink: SilentEvents())
        let summary = try runner.run()
        let probe = RunRecord(id: "", pipelineName: file.spec.name, pipelineFile: file.path, state: .running, parametersJSON: "{}",
                              pipelineRoot: "", started: Date())
        let tasks = summary.tasks.filter { $0.kind == "container" || ($0.kind == "dag" && $0.state == .notRun) }
            .sorted { $0.name < $1.name }
        let width = min(40, tasks.map { $0.name.count }.max() ?? 0)
        var lines = ["cache plan of \(file.spec.name) against \(storeOptions.directory):"]
        var counts = (cached: 0, runs: 0)
        for task in tasks {
            let (verdict, reason) = try describe(task, store: store, probe: probe)
            if verdict == .cached { counts.cached += 1 } else if verdict == .runs { counts.runs += 1 }
            lines.append("  " + verdict.label.padding(toLength: 8, withPad: " ", startingAt: 0)
                         + task.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + reason)
        }
        lines.append("\(counts.cached) from the cache, \(counts.runs) would run")
        return lines.joined(separator: "\n")
    }

    /// What the plan says of a task: the state it would end in, or that it runs.
    private enum Verdict {
        case cached, runs, skipped, perhapsRuns

        /// The column's text: a state's name where the task would end in that state.
        var label: String {
            switch self {
            case .cached: TaskState.cached.rawValue
            case .runs: "RUNS"
            case .skipped: TaskState.skipped.rawValue
            case .perhapsRuns: "RUNS?"
            }
        }
    }

    private static func describe(_ task: RunSummary.Task, store: RunStore, probe: RunRecord) throws -> (Verdict, String) {
        switch (task.state, task.cacheStatus) {
        case (.cached, _):
            return (.cached, task.cacheNote ?? "")
        case (.failed, .disabled?):
            return (.runs, "caching is disabled for this task")
        case (.failed, .miss?) where task.error == WouldRunRunner.message:
            return (.runs, try missReason(task, store: store, probe: probe))
        case (.notRun, _) where task.kind == "dag":
            return (.runs, "a group after an upstream task that runs: its tasks are decided then")
        case (.notRun, _):
            return (.runs, "after an upstream task that runs (it may then hit if the upstream writes the same bytes)")
        case (.skipped, _):
            return (.skipped, task.error ?? "its condition is false")
        default:
            return (.perhapsRuns, task.error ?? task.state.rawValue)
        }
    }

    private static func missReason(_ task: RunSummary.Task, store: RunStore, probe: RunRecord) throws -> String {
        if let note = task.cacheNote { return note }
        return try CacheExplanation.missReasons(name: task.name, description: task.cacheDescription, run: probe, store: store)
            .joined(separator: "; ")
    }
}
