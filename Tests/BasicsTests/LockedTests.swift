import Basics
import Foundation
import Testing

@Suite struct LockedTests {
    /// Without the lock, threads incrementing at once lose updates (read, add, write interleave) and the total falls short.
    @Test func incrementsFromManyThreadsAllCount() {
        let counter = Locked(0)
        let threads = 8, increments = 50_000
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            for _ in 0..<increments { counter.withLock { $0 += 1 } }
        }
        #expect(counter.current == threads * increments)
    }

    @Test func withLockReturnsWhatTheBodyReturnsAndKeepsItsChange() {
        let names = Locked<[String]>([])
        let count = names.withLock { list -> Int in
            list.append("a")
            return list.count
        }
        #expect(count == 1 && names.current == ["a"])
    }
}
