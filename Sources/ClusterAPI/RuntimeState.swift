/// `V2beta1RuntimeState`: the state of a remote run or task as the KFP API names it. This is the cluster's
/// vocabulary, not Tarmac's `TaskState`/`RunState` (it has CANCELING and PAUSED, and no CACHED or NOT_RUN):
/// `TarmacCommands` maps it to Tarmac's states where it shows a remote run as a local one.
public enum RuntimeState: String, Sendable, Hashable, CaseIterable, Decodable {
    case unspecified = "RUNTIME_STATE_UNSPECIFIED"
    case pending = "PENDING"
    case running = "RUNNING"
    case succeeded = "SUCCEEDED"
    case skipped = "SKIPPED"
    case failed = "FAILED"
    case canceling = "CANCELING"
    case canceled = "CANCELED"
    case paused = "PAUSED"

    /// A name this client does not know (a newer backend) reads as unspecified: it says nothing yet.
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        self = RuntimeState(rawValue: name) ?? .unspecified
    }

    /// The run or task has ended.
    public var isFinal: Bool { [.succeeded, .failed, .skipped, .canceled].contains(self) }
}

extension RuntimeState: CustomStringConvertible {
    /// The API's name (`SUCCEEDED`).
    public var description: String { rawValue }
}
