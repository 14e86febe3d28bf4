import ArgumentParser
import Basics
import PipelineIR
import RunDatabase

/// `tarmac explain RUN TASK`
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Say why a task of a run ran instead of coming from the cache: which part of its key changed.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: RunReference.help) var runID: String
    @Argument(help: "The task's name as `runs show` lists it (e.g. train or for-loop-2[3]/add).") var task: String
    @Flag(help: "Print one JSON document (schema in docs/json-schemas.md) instead of text.") var json = false

    func run() throws {
        let store = try storeOptions.open()
        let run = try RunReference.resolve(runID, in: store)
        let tasks = try store.tasks(runID: run.id)
        guard let record = tasks.first(where: { $0.name == task }) else {
            throw IRError("run \(run.id.prefix(8)) has no task '\(task)'", at: .option(task),
                          hint: TaskInvocationLookup.unknownTaskHint(task, among: tasks.map(\.name)))
        }
        let explanation = try CacheExplanation.explain(task: record, run: run, store: store)
        guard json else { Console.out(explanation.lines.joined(separator: "\n")); return }
        Console.out(RecordJSON.document([
            "run": .string(run.id), "task": .string(record.name), "state": .string(record.state.rawValue),
            "cache_status": RecordJSON.optional(record.cacheStatus?.rawValue), "cache_key": RecordJSON.optional(record.cacheKey),
            "verdict": .string(explanation.verdict),
            "reasons": .array(explanation.reasons.map { .string($0) }),
            "cached_from": explanation.entry.map { .object(["run": .string($0.runID), "task": .string($0.taskName)]) } ?? .null,
        ]))
    }
}
