import Foundation

/// A value that several threads share, reached only through its lock: the one lock-guarded box of the code base
/// (a target with more state behind one lock keeps its own class). `withLock` runs `body` with the lock held,
/// so a read-modify-write (`counter.withLock { $0 += 1; return $0 }`) is one step.
public final class Locked<Value> {
    private let lock = NSLock()
    private var value: Value  // only touched with `lock` held

    /// A box holding `value`.
    public init(_ value: Value) { self.value = value }

    /// Runs `body` on the value with the lock held and returns what it returns.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    /// A copy of the value as it is now.
    public var current: Value { withLock { $0 } }
}

/// Safe to share when the value itself may cross threads: every access holds the lock.
extension Locked: @unchecked Sendable where Value: Sendable {}
