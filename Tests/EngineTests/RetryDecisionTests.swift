import Basics
@testable import Engine
import PipelineIR
import Testing

/// The retry rule on its own (`RetryDecision`, ir-semantics §6.4): which ending is retried, how long the back-off
/// is, when the retries or the back-off's max duration are spent. No clock, no process.
@Suite struct RetryDecisionTests {
    static let policy = RetryPolicy(maxRetryCount: 3, backoffDuration: 1, backoffFactor: 2, backoffMaxDuration: 30)
    static let failure = Ending.failed(TaskFailure("exited with code 1"))

    @Test("a failure is retried with waits of backoffDuration × factor^(retry − 1): 1, 2, 4 s, then the task ends")
    func backoffGrowsUntilTheRetriesAreSpent() {
        let decisions = (0...3).map { RetryDecision.after(attempt: $0, ending: Self.failure, policy: Self.policy, elapsed: 0) }
        #expect(decisions == [.retry(attempt: 1, afterSeconds: 1), .retry(attempt: 2, afterSeconds: 2),
                              .retry(attempt: 3, afterSeconds: 4), .stop])
    }

    @Test("a timeout is retried like a failure; a success, a cache hit, a reuse and a cancel never are")
    func whichEndingsAreRetried() {
        let timedOut = Ending.timedOut(TaskFailure("timed out after 5 s (--task-timeout); its process group was ended"))
        #expect(RetryDecision.after(attempt: 0, ending: timedOut, policy: Self.policy, elapsed: 0) == .retry(attempt: 1, afterSeconds: 1))
        for ending in [Ending.succeeded, .cached, .reused, .canceled] {
            #expect(RetryDecision.after(attempt: 0, ending: ending, policy: Self.policy, elapsed: 0) == .stop, "\(ending)")
        }
    }

    @Test("no policy or no retries: the first ending is the task's")
    func withoutRetries() {
        #expect(RetryDecision.after(attempt: 0, ending: Self.failure, policy: nil, elapsed: 0) == .stop)
        #expect(RetryDecision.after(attempt: 0, ending: Self.failure, policy: RetryPolicy(maxRetryCount: 0), elapsed: 0) == .stop)
        #expect(RetryDecision.after(attempt: 0, ending: Self.failure, policy: RetryPolicy(maxRetryCount: -2), elapsed: 0) == .stop)
    }

    @Test("the back-off is capped at backoffMaxDuration, and once that much time has passed no retry follows")
    func maxDuration() {
        let policy = RetryPolicy(maxRetryCount: 10, backoffDuration: 4, backoffFactor: 3, backoffMaxDuration: 30)
        #expect(RetryDecision.after(attempt: 2, ending: Self.failure, policy: policy, elapsed: 5) == .retry(attempt: 3, afterSeconds: 30))
        #expect(RetryDecision.after(attempt: 2, ending: Self.failure, policy: policy, elapsed: 29.9) == .retry(attempt: 3, afterSeconds: 30))
        #expect(RetryDecision.after(attempt: 2, ending: Self.failure, policy: policy, elapsed: 30) == .stop)
    }

    @Test("a zero back-off retries at once")
    func zeroBackoff() {
        #expect(RetryDecision.after(attempt: 0, ending: Self.failure, policy: RetryPolicy(maxRetryCount: 1), elapsed: 0)
                == .retry(attempt: 1, afterSeconds: 0))
    }
}
