import Basics
import RunBrowser
import RunDatabase

/// The Run page's per-task texts from the commands that own them: `tarmac explain` and `tarmac inspect`.
enum UINotes {
    /// Notes reading `store`.
    static func notes(store: RunStore) -> TaskNotes {
        TaskNotes(
            explain: { task, run in
                (try? CacheExplanation.explain(task: task, run: run, store: store))?.lines ?? []
            },
            inspect: { task, run in
                do {
                    let found = try TaskInvocationLookup.find(runID: run.id, task: task.name, store: store)
                    return InspectCommand.text(found, environment: InspectCommand.maskedEnvironment(found.record))
                } catch let error as TarmacError {
                    return error.message + (error.hint.map { "\nhint: " + $0 } ?? "")
                } catch {
                    return "\(error)"
                }
            })
    }
}
