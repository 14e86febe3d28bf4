import Foundation

/// Hands out GPU indices so that no GPU serves two tasks at once: a task needing `count` GPUs starts
/// when that many are free, in the order tasks asked (ninja-style counting on the scheduler queue,
/// never a blocked thread). Used only on the scheduler queue.
final class GPUPool: @unchecked Sendable {  // touched only on the scheduler queue
    /// How many GPUs this machine has (`--gpus`, default: the `/dev/nvidiaN` devices).
    let total: Int
    private var free: [Int]
    private var waiting: [(count: Int, start: ([Int]) -> Void)] = []

    /// A pool of GPUs `0..<total`.
    init(total: Int) {
        self.total = max(0, total)
        self.free = Array(0..<max(0, total))
    }

    /// Calls `start` with `count` distinct free indices, now or once enough are released.
    /// `count` must be between 1 and `total`.
    func acquire(_ count: Int, start: @escaping ([Int]) -> Void) {
        waiting.append((count, start))
        startWaiting()
    }

    /// Gives `gpus` back and starts the waiting tasks that now fit, first come first served.
    func release(_ gpus: [Int]) {
        free = (free + gpus).sorted()
        startWaiting()
    }

    private func startWaiting() {
        while let first = waiting.first, first.count <= free.count {
            waiting.removeFirst()
            let taken = Array(free.prefix(first.count))
            free.removeFirst(first.count)
            first.start(taken)
        }
    }

    /// The number of `/dev/nvidia<N>` devices.
    static func detectedGPUs() -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/dev")) ?? []
        return names.filter { $0.hasPrefix("nvidia") && !$0.dropFirst(6).isEmpty && $0.dropFirst(6).allSatisfy(\.isNumber) }.count
    }
}
