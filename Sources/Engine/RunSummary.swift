import Basics
import Foundation
import PipelineIR
import Planner

/// The outcome of a run, for `--json` and the final report.
public struct RunSummary: Sendable {
    /// One task instance.
    public struct Task: Sendable {
        public let name: String
        public let displayName: String
        public let state: TaskState
        public let exitCode: Int32?
        public let attempts: Int
        /// When it became ready (nil if it never did).
        public let queued: Date?
        /// When it began to run: its first process launched, or its cache lookup, import or group began (nil if it never ran).
        public let started: Date?
        public let finished: Date?
        public let error: String?
        /// `container`, `importer` or `dag`.
        public let kind: String
        public let logs: [String]
        /// What the execution cache did (container tasks).
        public let cacheStatus: CacheStatus?
        /// The cache's note: where a hit came from, or why a found entry was unusable.
        public let cacheNote: String?
        /// What the task's cache key hashes, when one was computed.
        public let cacheDescription: JSONValue?
        /// Each process attempt's times (container tasks that launched one).
        public let attemptTimes: [AttemptTime]
        /// Its artifacts, by output name (container tasks and importers that produced them).
        public let artifacts: [String: [RuntimeArtifact]]

        /// `finished − started`; nil for a task that never ran.
        public var duration: Double? {
            guard let started, let finished else { return nil }
            return max(0, finished.timeIntervalSince(started))
        }
    }

    public let runID: String
    public let pipeline: String
    public let state: RunState
    /// When the run started and ended.
    public let started: Date
    public let finished: Date
    /// Pipeline-level output parameters.
    public let outputParameters: [String: JSONValue]
    /// Pipeline-level output artifacts.
    public let outputArtifacts: [String: [RuntimeArtifact]]
    public let tasks: [Task]
    /// Problems resolving the pipeline outputs.
    public let outputErrors: [String]

    /// `{"parameters": {...}, "artifacts": {name: [{uri, path, metadata}]}}`.
    public var outputsJSON: JSONValue {
        let artifacts = outputArtifacts.mapValues { list in
            JSONValue.array(list.map { .object(["uri": .string($0.uri), "path": .string($0.path), "metadata": .object($0.metadata)]) })
        }
        return .object(["parameters": .object(outputParameters), "artifacts": .object(artifacts)])
    }

    /// The summary of the run `runID` of `spec` whose root DAG instance is `root`; `canceled` when the run was, `failed`
    /// when its root DAG failed.
    static func make(root: DagInstance, runID: String, spec: PipelineSpec, canceled: Bool, failed: Bool, started: Date) -> RunSummary {
        var tasks: [Task] = []
        tasks.reserveCapacity(count(root))  // one buffer of the final size: growing it would hold two
        collect(root, spec: spec, into: &tasks)
        let holder = TaskSlot(template: TaskTemplate(key: "", spec: PipelineTaskSpec(displayName: "", componentRef: ""), component: nil), name: "")
        holder.result = .dag(root)
        var parameters: [String: JSONValue] = [:], artifacts: [String: [RuntimeArtifact]] = [:], errors: [String] = []
        for key in root.dag.outputs.parameters.keys.sorted() {
            do {
                if let value = try OutputLookup.parameter(of: holder, key: key) { parameters[key] = value }
            } catch {
                errors.append("output '\(key)': \(error.message)")
            }
        }
        for key in root.dag.outputs.artifacts.keys.sorted() {
            if let list = OutputLookup.artifacts(of: holder, key: key) { artifacts[key] = list }
        }
        let state: RunState = canceled ? .canceled : (failed ? .failed : .succeeded)
        return RunSummary(runID: runID, pipeline: spec.name, state: state,
                          started: started, finished: Date(), outputParameters: parameters, outputArtifacts: artifacts, tasks: tasks, outputErrors: errors)
    }

    /// How many task instances `dag` holds, its own and those of its groups and iterations.
    private static func count(_ dag: DagInstance) -> Int {
        dag.slots.values.reduce(dag.slots.count) { total, slot in
            switch slot.result {
            case .dag(let child): total + count(child)
            case .loop(let loop): loop.instances.reduce(total) { $0 + count($1) }
            default: total
            }
        }
    }

    private static func collect(_ dag: DagInstance, spec: PipelineSpec, into tasks: inout [Task]) {
        func order(_ slot: TaskSlot) -> Date { slot.queued ?? slot.started ?? .distantFuture }
        let ordered = dag.slots.values.sorted { (order($0), $0.key) < (order($1), $1.key) }
        for slot in ordered {
            let kind: String
            switch slot.result {
            case .dag, .loop: kind = "dag"
            default:
                if slot.component?.dag != nil {
                    kind = "dag"
                } else if let component = slot.component, case .importer? = spec.executor(of: component) {
                    kind = "importer"
                } else {
                    kind = "container"
                }
            }
            var leafArtifacts: [String: [RuntimeArtifact]] = [:]
            if case .leaf(_, let artifacts) = slot.result { leafArtifacts = artifacts }
            tasks.append(Task(name: slot.name, displayName: slot.spec.displayName, state: slot.state, exitCode: slot.exitCode,
                              attempts: slot.attempts, queued: slot.queued, started: slot.started, finished: slot.finished,
                              error: slot.error, kind: kind, logs: slot.logs, cacheStatus: slot.cache?.status,
                              cacheNote: slot.cache?.note, cacheDescription: slot.cache?.key?.description,
                              attemptTimes: slot.attemptTimes, artifacts: leafArtifacts))
            switch slot.result {
            case .dag(let child): collect(child, spec: spec, into: &tasks)
            case .loop(let loop): for iteration in loop.instances { collect(iteration, spec: spec, into: &tasks) }
            default: break
            }
        }
    }
}
