import Basics

/// An input that could not be resolved, or another problem that fails one task: the message is what its record says.
struct TaskFailure: TarmacError, Equatable, CustomStringConvertible {
    let message: String
    /// A task's failure is shown with the task, which says where it is.
    var location: Location? { nil }

    init(_ message: String) { self.message = message }

    /// The message itself: what a task record says.
    var description: String { message }
}
