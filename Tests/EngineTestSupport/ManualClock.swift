import Engine
import Foundation
import Synchronization

/// A `RetryClock` that never sleeps: a wait is recorded and moves the clock on by that much, at once.
/// `onSleep` runs after each wait is recorded (a test cancels the run there to cancel during a back-off).
public final class ManualClock: RetryClock, @unchecked Sendable {  // `state` is a Mutex; `onSleep` is set before the run
    private let state = Mutex((now: Date(timeIntervalSince1970: 1_000_000), sleeps: [Double]()))
    public var onSleep: @Sendable () -> Void = {}

    public init() {}

    public func now() -> Date { state.withLock { $0.now } }

    public func sleep(seconds: Double) {
        state.withLock { state in
            state.sleeps.append(seconds)
            state.now = state.now.addingTimeInterval(seconds)
        }
        onSleep()
    }

    /// Every wait asked for, in order.
    public var sleeps: [Double] { state.withLock { $0.sleeps } }
}
