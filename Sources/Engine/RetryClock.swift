import Foundation

/// The time source of retry back-off (§6.4): when the first attempt began, and the wait before the next one.
/// The engine uses ``SystemClock``; tests inject one that records the waits and advances without sleeping.
public protocol RetryClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Waits `seconds` (called on a worker thread, between two attempts of one task).
    func sleep(seconds: Double)
}

/// The wall clock: `Date()` and `Thread.sleep`.
public struct SystemClock: RetryClock {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(seconds: Double) { Thread.sleep(forTimeInterval: seconds) }
}
