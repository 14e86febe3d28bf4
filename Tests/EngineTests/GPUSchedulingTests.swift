import Basics
import Engine
import Foundation
import PipelineIR
import Planner
import RunDatabase
import Runners
import Testing

/// At the process boundary: records which GPUs each container got and checks that no GPU ever
/// serves two tasks at once; the command itself runs on the host (the container is stripped).
final class GPURecordingRunner: TaskRunner, @unchecked Sendable {  // `lock` guards the fields
    private let real = SubprocessRunner()
    private let lock = NSLock()
    private var busy = Set<Int>()
    private(set) var overlaps = 0
    private(set) var handedOut: [[Int]] = []

    func run(_ spec: ProcessSpec) -> ProcessOutcome {
        let gpus = spec.container?.gpus ?? []
        lock.withLock {
            if !busy.isDisjoint(with: gpus) { overlaps += 1 }
            busy.formUnion(gpus)
            handedOut.append(gpus)
        }
        Thread.sleep(forTimeInterval: 0.1)  // make overlaps observable
        var host = spec
        host.container = nil
        host.argv = spec.container?.command ?? spec.argv
        let outcome = real.run(host)
        lock.withLock { busy.subtract(gpus) }
        return outcome
    }

    func cancelAll(grace: Double) { real.cancelAll(grace: grace) }
}

@Suite struct GPUSchedulingTests {
    /// Example 01 with every executor asking for `count` GPUs.
    func run(gpus: Int, count: String, runner: GPURecordingRunner) throws -> RunSummary {
        let path = SchedulerTests.repo.appendingPathComponent("examples/01-shell-components/pipeline.yaml").path
        var spec = try PipelineSpec.load(String(contentsOfFile: path, encoding: .utf8), file: path)
        for (label, executor) in spec.executors {
            guard case .container(var container) = executor else { continue }
            var resources = ResourceSpec()
            resources.acceleratorType = "nvidia.com/gpu"
            resources.acceleratorCount = count
            container.resources = resources
            spec.executors[label] = .container(container)
        }
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("tarmac-gpu-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: store) }
        let containers = ContainerOptions(defaultRunner: .container(.podman, executable: "/nonexistent/podman"), gpuCount: gpus)
        let options = RunOptions(placement: .init(maxParallel: 4, containers: containers), output: .init(storeDirectory: store, streamLogs: false))
        return try PipelineRunner(spec: spec, pipelineFile: path, parameters: try RunParameters.resolve([:], for: spec), options: options,
                                  store: try RunStore(path: store + "/tarmac.sqlite"), runner: runner, sink: SilentEvents()).run()
    }

    @Test("one GPU is never handed to two tasks at once, even with four tasks allowed in parallel")
    func oneGPUIsExclusive() throws {
        let runner = GPURecordingRunner()
        let summary = try run(gpus: 1, count: "1", runner: runner)
        #expect(summary.state == .succeeded)
        #expect(runner.overlaps == 0)
        #expect(runner.handedOut.count == 5 && runner.handedOut.allSatisfy { $0 == [0] })
    }

    @Test("two GPUs, one each: distinct indices and no overlap")
    func twoGPUs() throws {
        let runner = GPURecordingRunner()
        let summary = try run(gpus: 2, count: "1", runner: runner)
        #expect(summary.state == .succeeded)
        #expect(runner.overlaps == 0)
        #expect(Set(runner.handedOut.flatMap { $0 }).isSubset(of: [0, 1]))
    }

    @Test("a task needing more GPUs than the machine has fails; a machine with none ignores the limit")
    func tooManyOrNone() throws {
        let failing = try run(gpus: 1, count: "2", runner: GPURecordingRunner())
        #expect(failing.state == .failed)
        #expect(failing.tasks.contains { $0.error?.contains("needs 2 GPUs (nvidia.com/gpu); this machine has 1") == true })
        let none = GPURecordingRunner()
        let ignored = try run(gpus: 0, count: "1", runner: none)
        #expect(ignored.state == .succeeded)
        #expect(none.handedOut.allSatisfy { $0.isEmpty })
    }
}
