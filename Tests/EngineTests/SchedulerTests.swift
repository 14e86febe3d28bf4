import Basics
import Engine
import Foundation
import PipelineIR
import Planner
import RunDatabase
import Runners
import Testing

/// A runner at the process boundary: counts concurrency and can fail chosen tasks without running
/// them; everything else goes to the real SubprocessRunner.
final class CountingRunner: TaskRunner, @unchecked Sendable {  // `lock` guards the counters
    private let real = SubprocessRunner()
    private let lock = NSLock()
    private var active = 0
    private(set) var peak = 0
    private(set) var started: [String] = []
    let failing: Set<String>

    init(failing: Set<String> = []) { self.failing = failing }

    func run(_ spec: ProcessSpec) -> ProcessOutcome {
        let name = (spec.workingDirectory as NSString).lastPathComponent
        lock.withLock { active += 1; peak = max(peak, active); started.append(name) }
        defer { lock.withLock { active -= 1 } }
        if failing.contains(name) { return ProcessOutcome(.exited(3)) }
        Thread.sleep(forTimeInterval: 0.05)  // make overlaps observable
        return real.run(spec)
    }

    func cancelAll(grace: Double) { real.cancelAll(grace: grace) }
}

@Suite struct SchedulerTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func run(maxParallel: Int, runner: CountingRunner, keepGoing: Bool = false) throws -> RunSummary {
        let path = Self.repo.appendingPathComponent("examples/01-shell-components/pipeline.yaml").path
        let spec = try PipelineSpec.load(String(contentsOfFile: path, encoding: .utf8), file: path)
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("tarmac-sched-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: store) }
        let options = RunOptions(placement: .init(maxParallel: maxParallel, keepGoing: keepGoing),
                                 output: .init(storeDirectory: store, streamLogs: false))
        let parameters = try RunParameters.resolve([:], for: spec)
        let runStore = try RunStore(path: store + "/tarmac.sqlite")
        return try PipelineRunner(spec: spec, pipelineFile: path, parameters: parameters, options: options, store: runStore,
                                  runner: runner, sink: SilentEvents()).run()
    }

    func states(_ summary: RunSummary) -> [String: TaskState] {
        Dictionary(uniqueKeysWithValues: summary.tasks.map { ($0.name, $0.state) })
    }

    @Test func maxParallelIsNeverExceeded() throws {
        for limit in [1, 2] {
            let runner = CountingRunner()
            let summary = try run(maxParallel: limit, runner: runner)
            #expect(summary.state == .succeeded)
            #expect(runner.peak <= limit)
            #expect(runner.started.count == 5)
        }
    }

    @Test func failFastStopsTasksNotYetStarted() throws {
        let runner = CountingRunner(failing: ["render-banner"])
        let summary = try run(maxParallel: 1, runner: runner)
        #expect(summary.state == .failed)
        #expect(runner.started == ["render-banner"])
        #expect(states(summary) == ["render-banner": .failed, "render-banner-2": .notRun, "write-lines": .notRun,
                                    "shout": .notRun, "assemble-report": .notRun])
        let failed = summary.tasks.first { $0.name == "render-banner" }
        #expect(failed?.exitCode == 3)
        #expect(failed?.error == "exited with code 3")
    }

    @Test func keepGoingLetsIndependentBranchesFinish() throws {
        let runner = CountingRunner(failing: ["render-banner"])
        let summary = try run(maxParallel: 1, runner: runner, keepGoing: true)
        #expect(summary.state == .failed)
        #expect(states(summary) == ["render-banner": .failed, "render-banner-2": .succeeded, "write-lines": .succeeded,
                                    "shout": .succeeded, "assemble-report": .notRun])
    }

    @Test("directories made ahead for tasks that never ran are removed; those of tasks that ran are kept")
    func directoriesMadeAheadOfTasksThatNeverRan() throws {
        let path = Self.repo.appendingPathComponent("examples/01-shell-components/pipeline.yaml").path
        let spec = try PipelineSpec.load(String(contentsOfFile: path, encoding: .utf8), file: path)
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("tarmac-sched-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: store) }
        // The cache off: tasks the cache may serve get no directory ahead of time.
        let options = RunOptions(placement: .init(maxParallel: 1), cache: .init(mode: .off), output: .init(storeDirectory: store, streamLogs: false))
        let runner = CountingRunner(failing: ["write-lines"])  // `shout` waits only for it: its directory is made ahead
        let pipelineRunner = PipelineRunner(spec: spec, pipelineFile: path, parameters: try RunParameters.resolve([:], for: spec),
                                            options: options, store: try RunStore(path: store + "/tarmac.sqlite"), runner: runner,
                                            sink: SilentEvents())
        let summary = try pipelineRunner.run()
        let runDirectory = RunLayout.runDirectory(pipelineRoot: options.output.pipelineRoot, pipeline: spec.name,
                                                  runID: pipelineRunner.runID)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: runDirectory))
        #expect(states(summary)["write-lines"] == .failed && states(summary)["shout"] == .notRun)
        #expect(left.contains("write-lines"))
        for task in summary.tasks where task.state == .notRun { #expect(!left.contains(task.name), "\(task.name) has a directory") }
    }
}
