import Dispatch

/// Work split over the cores, for loading and validating large pipelines (issue 20).
enum Concurrently {
    /// `[body(0), …, body(count - 1)]`, computed on all cores at once. `body` must only read what it shares
    /// with its other calls (each call builds its own result).
    static func map<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        withoutActuallyEscaping(body) { body in
            let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
            slots.initialize(repeating: nil)
            defer { slots.deinitialize(); slots.deallocate() }
            nonisolated(unsafe) let work = body, results = slots
            DispatchQueue.concurrentPerform(iterations: count) { results[$0] = work($0) }
            return slots.map { $0! }
        }
    }
}

extension Array {
    /// The elements in `count` contiguous slices of nearly equal length (fewer when there are fewer elements).
    func slices(_ count: Int) -> [ArraySlice<Element>] {
        let size = Swift.max(1, (self.count + count - 1) / count)
        return stride(from: 0, to: self.count, by: size).map { self[$0..<Swift.min($0 + size, self.count)] }
    }
}
