import Foundation
import PipelineIR

/// After an attempt of a container task ended: another attempt after a back-off, or the task ends with this
/// attempt's ending (ir-semantics §6.4). Decided from facts alone, no clock and no process; the executor applies it
/// on its worker (`TaskExecutor.runAttempts`), waiting the back-off on the run's `RetryClock`. The run-state
/// machine sees the task's final ending only: a retry keeps the task's place under `--max-parallel`, as a retried
/// pod keeps its node of the workflow on the cluster.
enum RetryDecision: Equatable {
    /// Run attempt `attempt` after waiting `seconds` (0: at once).
    case retry(attempt: Int, afterSeconds: Double)
    /// The task ends with the attempt's ending.
    case stop

    /// Attempt `attempt` (0 the first) ended in `ending`, `elapsed` seconds after the first attempt began. A failure
    /// or a timeout is retried while `policy` has retries left and its `backoffMaxDuration` has not passed; the wait
    /// is `backoffDuration × backoffFactor^(retry − 1)`, at most `backoffMaxDuration`. A cancel or a success stops.
    static func after(attempt: Int, ending: Ending, policy: RetryPolicy?, elapsed: Double) -> RetryDecision {
        guard ending.mayRetry, let policy else { return .stop }
        let next = attempt + 1
        guard next <= max(0, policy.maxRetryCount), elapsed < policy.backoffMaxDuration else { return .stop }
        let wait = min(policy.backoffDuration * pow(policy.backoffFactor, Double(next - 1)), policy.backoffMaxDuration)
        return .retry(attempt: next, afterSeconds: max(0, wait))
    }
}
