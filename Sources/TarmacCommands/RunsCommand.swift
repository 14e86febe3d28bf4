import ArgumentParser
import Basics
import Foundation
import PipelineIR
import Planner
import Reporting
import RunDatabase

/// `tarmac runs list|show|diff|rm`
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "Look at past runs.", subcommands: [List.self, Show.self, Diff.self, Remove.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List runs, newest first.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Only runs of this pipeline.") var pipeline: String?
        @Option(help: "Only runs in this state (SUCCEEDED, FAILED, CANCELED, RUNNING).") var state: String?
        @Option(help: "Only runs filed under this experiment (tarmac run --experiment).") var experiment: String?
        @Option(help: "At most this many runs.") var limit: Int = 20

        func run() throws {
            let runs = try storeOptions.open().runs(pipeline: pipeline, state: state?.uppercased(), experiment: experiment,
                                                    limit: limit)
            let formatter = ISO8601DateFormatter()
            for run in runs {
                let seconds = run.finished.map { String(format: "%.1fs", $0.timeIntervalSince(run.started)) } ?? "-"
                Console.out("\(run.id.prefix(8))  \(run.state.padding(toLength: 11, withPad: " ", startingAt: 0))  "
                            + "\(formatter.string(from: run.started))  \(seconds.padding(toLength: 8, withPad: " ", startingAt: 0))  \(run.pipelineName)"
                            + (run.experiment.map { "  [\($0)]" } ?? ""))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one run: parameters, tasks, outputs and artifacts.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "A run id or a unique prefix of one.") var runID: String

        func run() throws {
            let store = try storeOptions.open()
            let record = try store.run(id: runID)
            var out = "run \(record.id)\npipeline \(record.pipelineName) (\(record.pipelineFile))\nstate \(record.state)\n"
            if let experiment = record.experiment { out += "experiment \(experiment)\n" }
            out += "parameters \(record.parametersJSON)\n"
            if let outputs = record.outputsJSON { out += "outputs \(outputs)\n" }
            out += "tasks:\n"
            let tasks = try store.tasks(runID: record.id)
            let names = RecordedRun.names(of: tasks, pipelineFile: record.pipelineFile)
            for task in tasks {
                var line = "  \(task.state.padding(toLength: 9, withPad: " ", startingAt: 0)) \(names.titled(task.name))"
                if let exit = task.exitCode, exit != 0 { line += "  exit \(exit)" }
                if task.attempts > 1 { line += "  attempts \(task.attempts)" }
                if let outputs = task.outputsJSON, outputs != "{}" { line += "  outputs \(outputs)" }
                if let error = task.error, task.state == "FAILED" { line += "\n      \(error)" }
                out += line + "\n"
            }
            let artifacts = try store.artifacts(runID: record.id)
            let metrics = artifacts.filter { $0.schemaTitle == "system.Metrics" && $0.metadataJSON != "{}" }
            if !metrics.isEmpty {
                out += "metrics:\n"
                for artifact in metrics {
                    guard case .object(let values)? = try? JSONValue.parse(artifact.metadataJSON) else { continue }
                    let pairs = values.keys.sorted().map { "\($0)=\(values[$0]!.textForm)" }
                    out += "  \(artifact.producerTask).\(artifact.outputKey)  " + pairs.joined(separator: "  ") + "\n"
                }
            }
            if !artifacts.isEmpty {
                out += "artifacts:\n"
                for artifact in artifacts {
                    out += "  \(artifact.producerTask).\(artifact.outputKey)  \(artifact.schemaTitle)  \(artifact.uri)"
                    if artifact.metadataJSON != "{}" { out += "  \(artifact.metadataJSON)" }
                    out += "\n"
                }
            }
            Console.out(out)
        }
    }
}

/// `tarmac logs RUN [TASK]`
struct LogsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Print the logs of a run's tasks.")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "A run id or a unique prefix of one.") var runID: String
    @Argument(help: "A task instance name (e.g. train or for-loop-2[0]/add); all tasks when omitted.") var task: String?

    func run() throws {
        let store = try storeOptions.open()
        let record = try store.run(id: runID)
        let all = try store.tasks(runID: record.id)
        let tasks = all.filter { task == nil || $0.name == task }
        if let task, tasks.isEmpty {
            throw IRError("run \(record.id.prefix(8)) has no task '\(task)'", at: .option(task),
                          hint: TaskInvocationLookup.unknownTaskHint(task, among: all.map(\.name)))
        }
        for task in tasks {
            guard case .array(let logs)? = try? JSONValue.parse(task.logsJSON) else { continue }
            for case .string(let path) in logs {
                let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "(log missing: \(path))\n"
                Console.out("==> \(task.name) (\((path as NSString).lastPathComponent)) <==\n" + text)
            }
        }
    }
}
