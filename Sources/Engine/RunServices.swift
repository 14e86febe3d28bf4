import Runners

/// The collaborators a run's effects go through, chosen once: the real ones, or the stand-ins of a dry run.
public struct RunServices: Sendable {
    /// Runs the tasks' processes.
    let runner: TaskRunner
    /// Where the run's records go.
    let records: RunRecorder.Destination
    /// What the cache does with a hit.
    let cacheAccess: TaskCache.Access

    /// A real run: `runner` runs the tasks, the run is recorded, and the cache serves its hits and stores what runs.
    public static func live(runner: TaskRunner) -> RunServices {
        RunServices(runner: runner, records: .store, cacheAccess: .serving)
    }

    /// `plan --cache`: the cache only looks up (nothing is copied, repaired or written), a recorder writes nothing,
    /// and a runner that runs nothing ends every task that would execute FAILED with ``WouldRunRunner/message``.
    public static let dryRun = RunServices(runner: WouldRunRunner(), records: .nowhere, cacheAccess: .lookUpOnly)
}

/// A runner that runs nothing: the executor asks it first (``refusal``) and ends the task FAILED with "would run",
/// before anything is prepared for it (no directory, environment, image or record).
public struct WouldRunRunner: TaskRunner {
    /// The error of a task that a dry run would have executed.
    public static let message = "would run"

    public var refusal: String? { Self.message }

    public func run(_ spec: ProcessSpec) -> ProcessOutcome { ProcessOutcome(.launchFailed(Self.message)) }

    public func cancelAll(grace: Double) {}
}
