import ArgumentParser
import Basics
import Foundation
import PipelineIR
import RunDatabase

/// `tarmac runs list|show|diff|rm`
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "Look at past runs.", subcommands: [List.self, Show.self, Diff.self, Remove.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List runs, newest first.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Only runs of this pipeline.") var pipeline: String?
        @Option(help: "Only runs in this state (SUCCEEDED, FAILED, CANCELED, RUNNING, INTERRUPTED).") var state: String?
        @Option(help: "Only runs filed under this experiment (tarmac run --experiment).") var experiment: String?
        @Option(help: "At most this many runs (0: all).") var limit: Int = 20
        @Flag(help: "Print one JSON document (schema in docs/json-schemas.md) instead of the table.") var json = false

        func run() throws {
            let runs = try storeOptions.open().runs(pipeline: pipeline, state: state?.uppercased(), experiment: experiment,
                                                    limit: limit)
            if json {
                Console.out(RecordJSON.document(["runs": .array(runs.map(RecordJSON.run))]))
                return
            }
            guard !runs.isEmpty else { Console.error("tarmac: no runs match"); return }
            Console.out(RunsTable.render(runs))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one run: parameters, tasks, outputs and artifacts.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: RunReference.help) var runID: String
        @Flag(help: "Print one JSON document (schema in docs/json-schemas.md) instead of text.") var json = false

        func run() throws {
            let store = try storeOptions.open()
            let record = try RunReference.resolve(runID, in: store)
            let tasks = try store.tasks(runID: record.id), artifacts = try store.artifacts(runID: record.id)
            if json {
                Console.out(RecordJSON.document([
                    "run": RecordJSON.run(record), "parameters": RecordJSON.parsed(record.parametersJSON),
                    "outputs": RecordJSON.parsed(record.outputsJSON), "tasks": .array(tasks.map(RecordJSON.task)),
                    "artifacts": .array(artifacts.map(RecordJSON.artifact)),
                ]))
                return
            }
            Console.out(RunText.render(record, tasks: tasks, artifacts: artifacts))
        }
    }
}

