import Basics
import Foundation
import PipelineIR
import Runners

/// A `TaskRunner` without processes: it looks the task up by its instance address (from the task directory the
/// engine gives it), writes the outputs its ``FakeScript`` says (`executor_output.json` and the artifact files, where
/// the task layout puts them), returns the scripted exit code, and records what ran, with which inputs and GPUs,
/// and how many ran at once. Scripts are found by address (`for-loop-2[1]/square`), else by task key (`square`).
public final class FakeTaskRunner: TaskRunner, @unchecked Sendable {  // every mutable field is guarded by `condition`
    /// One attempt the runner was asked to run.
    public struct Attempt: Sendable {
        public let address: String
        public let attempt: Int
        public let gpus: [Int]
        /// The executor input's parameter values and artifact URIs (tasks whose command carries `--executor_input`).
        public let parameters: [String: JSONValue]
        public let artifacts: [String: [String]]
    }

    private let spec: PipelineSpec
    private let pipelineDirectory: String
    private let scripts: [String: FakeScript]
    private let condition = NSCondition()
    private var canceled = false
    private var active: [String] = []
    private var startedInGroup: [String: Int] = [:]
    private var log: [(address: String, starts: Bool)] = []
    private var attempts: [Attempt] = []
    private var timeouts: [String] = []
    private var busyGPUs = Set<Int>()
    private var overlappingGPUs = 0
    /// Called (once per script that asks) to cancel the run from inside a task: the test sets it to `runner.cancel()`.
    public var onCancelRequest: @Sendable () -> Void = {}
    /// Waits until the run announced the task at an address final (``FakeScript/endsAfter``); the harness sets it
    /// to its ``TaskEnds``. Without one, such a script fails as a gate that found no company would.
    public var waitForEnd: @Sendable (String) -> Bool = { _ in false }

    /// A runner for runs of `spec` whose pipeline root is `pipelineRoot`.
    public init(spec: PipelineSpec, pipelineRoot: String, scripts: [String: FakeScript] = [:]) {
        self.spec = spec
        self.pipelineDirectory = (pipelineRoot as NSString).appendingPathComponent(spec.name)
        self.scripts = scripts
    }

    public func run(_ process: ProcessSpec) -> ProcessOutcome {
        let address = Self.address(ofTaskDirectory: process.workingDirectory, pipelineDirectory: pipelineDirectory)
        let script = scripts[address] ?? scripts[Self.key(of: address)] ?? FakeScript()
        let inputs = ExecutorInput(command: process.container?.command ?? process.argv)
        let attempt: Int = condition.withLock {
            let number = attempts.filter { $0.address == address }.count
            attempts.append(Attempt(address: address, attempt: number, gpus: process.container?.gpus ?? [],
                                    parameters: inputs.parameters, artifacts: inputs.artifacts))
            return number
        }
        if isCanceled { return Self.canceledOutcome }
        let gpus = process.container?.gpus ?? []
        enter(address, gate: script.gate, gpus: gpus)
        defer { leave(address, gpus: gpus) }
        if let gate = script.gate, !waitForCompany(gate, address: address) { return ProcessOutcome(.exited(99)) }
        if let other = script.endsAfter, !waitForEnd(other) {
            condition.withLock { timeouts.append(address) }
            return ProcessOutcome(.exited(99))
        }
        if script.cancelsRun { onCancelRequest() }
        if script.blocksUntilCanceled || script.cancelsRun { return waitForCancel() }
        if script.duration > 0 { Thread.sleep(forTimeInterval: script.duration) }
        if script.timesOut { return ProcessOutcome(.timedOut(.signaled(SIGTERM))) }
        let code = script.exitCode(attempt: attempt)
        try? "fake attempt \(attempt) of \(address): exit \(code)\n".write(toFile: process.logFile, atomically: false, encoding: .utf8)
        if code == 0 { writeOutputs(of: address, script: script, taskDirectory: process.workingDirectory) }
        return ProcessOutcome(.exited(code))
    }

    public func cancelAll(grace: Double) {
        condition.withLock { canceled = true; condition.broadcast() }
    }

    // MARK: What happened

    /// Every attempt, in the order they were asked for.
    public var runs: [Attempt] { condition.withLock { attempts } }
    /// The addresses of the first attempts, in start order.
    public var started: [String] { runs.filter { $0.attempt == 0 }.map(\.address) }
    /// How many attempts started holding a GPU that another running attempt held.
    public var gpuOverlaps: Int { condition.withLock { overlappingGPUs } }
    /// Tasks whose gate never found company (a scheduler that did not run them side by side), or that waited in
    /// vain for another task's end (``FakeScript/endsAfter``).
    public var gateTimeouts: [String] { condition.withLock { timeouts } }

    /// The most attempts of tasks matching `predicate` that ran at once.
    public func peak(of predicate: (String) -> Bool = { _ in true }) -> Int {
        var current = 0, peak = 0
        for entry in condition.withLock({ log }) where predicate(entry.address) {
            current += entry.starts ? 1 : -1
            peak = max(peak, current)
        }
        return peak
    }

    // MARK: Internals

    private var isCanceled: Bool { condition.withLock { canceled } }
    private static let canceledOutcome = ProcessOutcome(.canceled(.signaled(SIGTERM)))

    private func enter(_ address: String, gate: FakeGate?, gpus: [Int]) {
        condition.withLock {
            if !busyGPUs.isDisjoint(with: gpus) { overlappingGPUs += 1 }
            busyGPUs.formUnion(gpus)
            active.append(address)
            log.append((address, true))
            if let gate { startedInGroup[gate.group, default: 0] += 1 }
            condition.broadcast()
        }
    }

    private func leave(_ address: String, gpus: [Int]) {
        condition.withLock {
            busyGPUs.subtract(gpus)
            if let index = active.firstIndex(of: address) { active.remove(at: index) }
            log.append((address, false))
            condition.broadcast()
        }
    }

    private func waitForCompany(_ gate: FakeGate, address: String) -> Bool {
        let deadline = Date().addingTimeInterval(gate.patience)
        return condition.withLock {
            while !canceled {
                let together = active.filter { (scripts[$0] ?? scripts[Self.key(of: $0)])?.gate?.group == gate.group }.count
                if together >= gate.company || startedInGroup[gate.group, default: 0] >= gate.members { return true }
                if !condition.wait(until: deadline) { timeouts.append(address); return false }
            }
            return true
        }
    }

    private func waitForCancel() -> ProcessOutcome {
        let deadline = Date().addingTimeInterval(20)  // a lost cancel shows as a task that ended by itself
        return condition.withLock {
            while !canceled { if !condition.wait(until: deadline) { return ProcessOutcome(.exited(0)) } }
            return Self.canceledOutcome
        }
    }

    private func writeOutputs(of address: String, script: FakeScript, taskDirectory: String) {
        guard let component = FakeOutputs.component(at: address, in: spec) else { return }
        var values: [String: JSONValue] = [:]
        for (name, definition) in component.outputDefinitions.parameters {
            values[name] = script.outputs[name] ?? FakeOutputs.defaultValue(definition.parameterType, address: address, name: name)
        }
        for key in component.outputDefinitions.artifacts.keys {
            try? "\(address).\(key)\n".write(toFile: taskDirectory + "/" + key, atomically: false, encoding: .utf8)
        }
        let output = JSONValue.object(["parameterValues": .object(values)])
        try? output.canonicalJSON.write(toFile: taskDirectory + "/executor_output.json", atomically: false, encoding: .utf8)
    }

    /// The instance address of a task directory `<pipelineDirectory>/<run>/<a>/<b.3>/<c>`: `a/b[3]/c`.
    static func address(ofTaskDirectory directory: String, pipelineDirectory: String) -> String {
        guard directory.hasPrefix(pipelineDirectory + "/") else { return (directory as NSString).lastPathComponent }
        let segments = directory.dropFirst(pipelineDirectory.count + 1).split(separator: "/").dropFirst()
        return segments.map { segment -> String in
            guard let dot = segment.lastIndex(of: "."), segment[segment.index(after: dot)...].allSatisfy(\.isNumber),
                  dot != segment.index(before: segment.endIndex) else { return String(segment) }
            return "\(segment[..<dot])[\(segment[segment.index(after: dot)...])]"
        }.joined(separator: "/")
    }

    /// The task key at the end of an address: `square` for `for-loop-2[1]/square`.
    static func key(of address: String) -> String {
        let last = address.split(separator: "/").last.map(String.init) ?? address
        return last.hasSuffix("]") ? String(last[..<(last.lastIndex(of: "[") ?? last.endIndex)]) : last
    }
}
