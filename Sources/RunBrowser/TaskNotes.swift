import RunDatabase

/// What the command layer knows about a task that the browser shows in its panel: `tarmac explain`'s text
/// and `tarmac inspect`'s text. Given by `TarmacCommands` (which owns those commands); the browser only calls it.
public struct TaskNotes: Sendable {
    /// Why the task ran or came from the cache (the lines `tarmac explain RUN TASK` prints).
    public var explain: @Sendable (TaskRecord, RunRecord) -> [String]
    /// What the task was launched with (the text `tarmac inspect RUN TASK` prints), or why there is none.
    public var inspect: @Sendable (TaskRecord, RunRecord) -> String

    /// Notes from the two closures.
    public init(explain: @escaping @Sendable (TaskRecord, RunRecord) -> [String],
                inspect: @escaping @Sendable (TaskRecord, RunRecord) -> String) {
        self.explain = explain
        self.inspect = inspect
    }

    /// No notes (tests of the pages alone).
    public static let none = TaskNotes(explain: { _, _ in [] }, inspect: { _, _ in "" })
}
