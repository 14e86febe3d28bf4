import ArgumentParser
import RunDatabase

/// `tarmac explain RUN TASK`
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Say why a task of a run ran instead of coming from the cache: which part of its key changed.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "A run id or a unique prefix of one.") var runID: String
    @Argument(help: "The task's name as `runs show` lists it (e.g. train or for-loop-2[3]/add).") var task: String

    func run() throws {
        let store = try storeOptions.open()
        let run = try store.run(id: runID)
        let tasks = try store.tasks(runID: run.id)
        guard let record = tasks.first(where: { $0.name == task }) else {
            throw UsageError("run \(run.id.prefix(8)) has no task '\(task)'",
                             hint: TaskInvocationLookup.unknownTaskHint(task, among: tasks.map(\.name)))
        }
        Console.out(try CacheExplanation.explain(task: record, run: run, store: store).joined(separator: "\n"))
    }
}
