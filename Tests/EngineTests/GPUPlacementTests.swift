import Engine
import EngineTestSupport
import PipelineIR
import Testing

/// GPUs handed out by the scheduler (`GPUPool`), seen by the fake: example 01 with every executor asking for GPUs.
@Suite struct GPUPlacementTests {
    func harness(gpus: Int, count: String) throws -> EngineHarness {
        let harness = try EngineHarness("examples/01-shell-components/pipeline.yaml", maxParallel: 4)
        for (label, executor) in harness.spec.executors {
            guard case .container(var container) = executor else { continue }
            var resources = ResourceSpec()
            resources.acceleratorType = "nvidia.com/gpu"
            resources.acceleratorCount = count
            container.resources = resources
            harness.spec.executors[label] = .container(container)
        }
        harness.options = harness.makeOptions(gpus: gpus)
        return harness
    }

    @Test("two GPUs, one each: two tasks run at once on distinct GPUs, and both GPUs are used")
    func twoTasksTwoGPUs() throws {
        let harness = try harness(gpus: 2, count: "1")
        let gate = FakeGate("roots", company: 2, members: 3)
        let fake = harness.fake(["render-banner": FakeScript(gate: gate), "render-banner-2": FakeScript(gate: gate),
                                 "write-lines": FakeScript(gate: gate)])
        let summary = try harness.run(fake)
        #expect(summary.state == .succeeded)
        #expect(fake.gateTimeouts.isEmpty, "two GPUs let two tasks run at once")
        #expect(fake.gpuOverlaps == 0)
        #expect(fake.runs.allSatisfy { $0.gpus.count == 1 })
        #expect(Set(fake.runs.flatMap(\.gpus)) == [0, 1])
    }

    @Test("one GPU: tasks that need it run one at a time although four may run in parallel")
    func oneGPUSerializes() throws {
        let harness = try harness(gpus: 1, count: "1")
        let fake = harness.fake()
        #expect(try harness.run(fake).state == .succeeded)
        #expect(fake.peak() == 1 && fake.gpuOverlaps == 0)
        #expect(fake.runs.count == 5 && fake.runs.allSatisfy { $0.gpus == [0] })
    }

    @Test("a task needing two GPUs gets two distinct ones")
    func twoEach() throws {
        let harness = try harness(gpus: 3, count: "2")
        let fake = harness.fake()
        #expect(try harness.run(fake).state == .succeeded)
        #expect(fake.runs.allSatisfy { Set($0.gpus).count == 2 } && fake.gpuOverlaps == 0)
    }
}
