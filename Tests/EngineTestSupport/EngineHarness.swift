import Basics
import Engine
import Foundation
import PipelineIR
import Planner
import RunDatabase
import Runners

/// Runs a compiled pipeline of the repository through the real `PipelineRunner` with a `FakeTaskRunner`, in a
/// store of its own (removed when the harness goes). Tasks are placed in containers of an engine that does not
/// exist, so that no Python environment is built on the host; the fake runs them.
public final class EngineHarness: @unchecked Sendable {  // used from one test at a time
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    public var spec: PipelineSpec
    public let path: String
    public let store: String
    /// The options of the harness's runs: `makeOptions()` unless a test sets others (built by `makeOptions`).
    public var options: RunOptions
    private let maxParallel: Int
    /// The run's announced task ends, which ``FakeScript/endsAfter`` waits on.
    public let ends = TaskEnds()

    /// A harness for `relativePath` (`examples/01-shell-components/pipeline.yaml`).
    public init(_ relativePath: String, maxParallel: Int = 4) throws {
        path = Self.repository.appendingPathComponent(relativePath).path
        spec = try PipelineSpec.load(String(contentsOfFile: path, encoding: .utf8), file: path)
        store = FileManager.default.temporaryDirectory.appendingPathComponent("tarmac-fake-\(UUID().uuidString)").path
        self.maxParallel = maxParallel
        options = Self.options(store: store, maxParallel: maxParallel)
    }

    /// Option keys named as flags, camel case made kebab (`--task-timeout`), as the command line names most of them.
    public static let flags = OptionNames { key in
        "--" + key.rawValue.map { $0.isUppercase ? "-" + $0.lowercased() : String($0) }.joined()
    }

    /// The options of a run in this harness's store, tasks placed in containers of an engine that does not exist.
    public func makeOptions(keepGoing: Bool = false, cacheMode: CacheMode = .readWrite, selection: TaskSelection? = nil,
                            gpus: Int = 0, taskTimeout: Double? = nil, optionNames: OptionNames = flags) -> RunOptions {
        Self.options(store: store, maxParallel: maxParallel, keepGoing: keepGoing, cacheMode: cacheMode, selection: selection, gpus: gpus,
                     taskTimeout: taskTimeout, optionNames: optionNames)
    }

    private static func options(store: String, maxParallel: Int, keepGoing: Bool = false, cacheMode: CacheMode = .readWrite,
                                selection: TaskSelection? = nil, gpus: Int = 0, taskTimeout: Double? = nil,
                                optionNames: OptionNames = flags) -> RunOptions {
        let containers = ContainerOptions(defaultRunner: .container(.podman, executable: "/nonexistent/podman"), gpuCount: gpus)
        return RunOptions(inputs: .init(environment: ["PATH": "/usr/bin:/bin"]),
                          placement: .init(maxParallel: maxParallel, keepGoing: keepGoing, taskTimeout: taskTimeout, containers: containers,
                                           selection: selection),
                          cache: .init(mode: cacheMode), output: .init(storeDirectory: store, streamLogs: false, optionNames: optionNames))
    }

    deinit { try? FileManager.default.removeItem(atPath: store) }

    /// A fake runner for this pipeline with `scripts` by address or task key.
    public func fake(_ scripts: [String: FakeScript] = [:]) -> FakeTaskRunner {
        let fake = FakeTaskRunner(spec: spec, pipelineRoot: options.output.pipelineRoot, scripts: scripts)
        fake.waitForEnd = { [ends] in ends.waitForEnd(of: $0) }
        return fake
    }

    /// The pipeline runner of one run (its `cancel()` is what a test's cancel hooks call).
    public func pipelineRunner(_ fake: FakeTaskRunner, parameters: [String: JSONValue] = [:],
                               clock: RetryClock = SystemClock()) throws -> PipelineRunner {
        let supplied = parameters.mapValues { ($0, RunParameters.Source.option("--param")) }
        return PipelineRunner(spec: spec, pipelineFile: path, parameters: try RunParameters.resolve(supplied, for: spec),
                              options: options, store: try RunStore(path: store + "/tarmac.sqlite"), runner: fake,
                              sink: ends, clock: clock)
    }

    /// Runs the pipeline to its end with `fake`; a script's `cancelsRun` cancels this run.
    @discardableResult
    public func run(_ fake: FakeTaskRunner, parameters: [String: JSONValue] = [:], clock: RetryClock = SystemClock()) throws -> RunSummary {
        let runner = try pipelineRunner(fake, parameters: parameters, clock: clock)
        fake.onCancelRequest = { runner.cancel() }
        return try runner.run()
    }
}

extension RunSummary {
    /// Task instance address → state.
    public var states: [String: TaskState] { Dictionary(uniqueKeysWithValues: tasks.map { ($0.name, $0.state) }) }

    /// The task instance at `address`.
    public func task(_ address: String) -> Task? { tasks.first { $0.name == address } }
}
