import Basics
import Foundation
import PipelineIR

/// What one task does when `FakeTaskRunner` runs it, instead of a process.
public struct FakeScript: Sendable {
    /// Attempt `i` exits with `exitCodes[i]` (the last one repeats): `[1, 0]` fails once, then succeeds.
    public var exitCodes: [Int32]
    /// Output parameter values it writes to `executor_output.json`; every other declared output gets a default.
    public var outputs: [String: JSONValue]
    /// Holds each attempt until enough tasks of its gate run at once (see ``FakeGate``).
    public var gate: FakeGate?
    /// Runs until the run is canceled (then ends canceled, as a killed process does).
    public var blocksUntilCanceled: Bool
    /// Asks for the run to be canceled (``FakeTaskRunner/onCancelRequest``) when it starts, then blocks until it is.
    public var cancelsRun: Bool
    /// Seconds each attempt takes (a plain sleep; for tests that need none of the above).
    public var duration: Double
    /// Holds each attempt until the run has announced that the task at this address ended (its final state is
    /// recorded, so the scheduler has applied it): orders two side-by-side tasks' ends without timing.
    public var endsAfter: String?
    /// Each attempt ends as a timeout ends a process (its group sent SIGTERM), whatever the time limit.
    public var timesOut: Bool

    public init(exitCodes: [Int32] = [0], outputs: [String: JSONValue] = [:], gate: FakeGate? = nil,
                blocksUntilCanceled: Bool = false, cancelsRun: Bool = false, duration: Double = 0, endsAfter: String? = nil,
                timesOut: Bool = false) {
        self.exitCodes = exitCodes.isEmpty ? [0] : exitCodes
        self.outputs = outputs
        self.gate = gate
        self.blocksUntilCanceled = blocksUntilCanceled
        self.cancelsRun = cancelsRun
        self.duration = duration
        self.endsAfter = endsAfter
        self.timesOut = timesOut
    }

    /// Exits with `code` on every attempt.
    public static func fails(_ code: Int32 = 1) -> FakeScript { FakeScript(exitCodes: [code]) }

    /// Succeeds with these output parameters.
    public static func outputs(_ values: [String: JSONValue]) -> FakeScript { FakeScript(outputs: values) }

    /// The exit code of attempt `attempt`.
    func exitCode(attempt: Int) -> Int32 { exitCodes[min(attempt, exitCodes.count - 1)] }
}

/// A rendezvous that makes overlap observable without timing: an attempt of a gated task waits until `company`
/// tasks of the same `group` run at once, or until all `members` of the group have started (the last ones
/// may find no company). A serial scheduler never gets there: the task then fails after `patience` seconds
/// and the runner records it in ``FakeTaskRunner/gateTimeouts``.
public struct FakeGate: Sendable, Hashable {
    public var group: String
    public var company: Int
    public var members: Int
    public var patience: Double

    public init(_ group: String, company: Int, members: Int, patience: Double = 10) {
        self.group = group
        self.company = company
        self.members = members
        self.patience = patience
    }
}

/// The outputs a fake task declares, and the value each gets unless its script says otherwise.
enum FakeOutputs {
    /// The component of the task instance at `address` (`for-loop-2[3]/square`), walking the DAGs from the root.
    static func component(at address: String, in spec: PipelineSpec) -> ComponentSpec? {
        var component = spec.root
        for segment in address.split(separator: "/") {
            let key = segment.hasSuffix("]") ? segment[..<(segment.lastIndex(of: "[") ?? segment.endIndex)] : segment
            guard let task = component.dag?.tasks[String(key)], let next = spec.component(of: task) else { return nil }
            component = next
        }
        return component
    }

    /// A value of `type` that names where it came from when it can: `"<address>.<name>"` for strings.
    static func defaultValue(_ type: ParameterType, address: String, name: String) -> JSONValue {
        switch type {
        case .numberInteger, .numberDouble: return .number(0)
        case .boolean: return .bool(false)
        case .list: return .array([])
        case .struct: return .object([:])
        default: return .string("\(address).\(name)")
        }
    }
}
