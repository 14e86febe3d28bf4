import Basics
import Foundation

/// When one attempt of a container task ran: from just before its process was launched to just after it ended.
public struct AttemptTime: Sendable, Hashable {
    /// The attempt's index (0 for the first; `KFP_RETRY_INDEX` when the task has a retry policy).
    public var attempt: Int
    /// Just before the process was launched.
    public var started: Date
    /// Just after it ended (nil while it runs).
    public var finished: Date?
    /// Its exit status, when it exited.
    public var exitCode: Int32?

    /// An attempt's times; see the properties.
    public init(attempt: Int, started: Date, finished: Date? = nil, exitCode: Int32? = nil) {
        self.attempt = attempt
        self.started = started
        self.finished = finished
        self.exitCode = exitCode
    }

    /// Seconds from launch to end, when it ended.
    public var duration: Double? { finished.map { max(0, $0.timeIntervalSince(started)) } }

    /// The store's form (`tasks.attempts_json`): a list of `{"attempt", "started", "finished", "exit_code"}`, Unix seconds.
    static func storeJSON(_ attempts: [AttemptTime]) -> String? {
        guard !attempts.isEmpty else { return nil }
        return JSONValue.array(attempts.map { attempt in
            .object(["attempt": .number(Double(attempt.attempt)), "started": .number(attempt.started.timeIntervalSince1970),
                     "finished": attempt.finished.map { .number($0.timeIntervalSince1970) } ?? .null,
                     "exit_code": attempt.exitCode.map { .number(Double($0)) } ?? .null])
        }).canonicalJSON
    }
}
