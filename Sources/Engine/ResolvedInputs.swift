import Basics
import PipelineIR
import Planner

/// A task's inputs after resolution: every parameter the task binds (with defaults for DAG tasks)
/// and its input artifacts.
struct ResolvedInputs {
    var parameters: [String: JSONValue]
    var artifacts: [String: [RuntimeArtifact]]
}

extension Error {
    /// The text a task record keeps of an error that failed it: its `description`. Every error that reaches a task
    /// is `CustomStringConvertible` (`TaskFailure`, `InvocationError`, `RunnerError`, `RunStoreError`, …), so no
    /// type is singled out; a `TarmacError`'s `message` alone would drop the location and hint its description adds.
    var message: String { String(describing: self) }
}

/// Turns a loop task's inputs into its items and each iteration's inputs (§4.2.4).
enum LoopItems {
    static func items(of iterator: TaskIterator, inputs: ResolvedInputs) throws -> [JSONValue] {
        switch iterator {
        case .parameter(.raw(let raw), _):
            guard case .array(let items)? = try? JSONValue.parse(raw) else { throw TaskFailure("the loop items are not a JSON list: \(raw)") }
            return items
        case .parameter(.inputParameter(let name), _):
            guard let value = inputs.parameters[name] else { throw TaskFailure("the loop input '\(name)' has no value") }
            if case .array(let items) = value { return items }
            if case .string(let text) = value, case .array(let items)? = try? JSONValue.parse(text) { return items }
            throw TaskFailure("the loop input '\(name)' must be a list, got a \(value.kindName): \(value.canonicalJSON.prefix(80))")
        case .artifact(let name, _):
            guard let list = inputs.artifacts[name] else { throw TaskFailure("the loop input artifact '\(name)' has no value") }
            return list.indices.map { .number(Double($0)) }
        }
    }

    /// The iteration's DAG inputs: the loop's inputs minus the items input, plus the item.
    static func iterationInputs(_ iterator: TaskIterator, item: JSONValue, inputs: ResolvedInputs)
        -> ([String: JSONValue], [String: [RuntimeArtifact]]) {
        var parameters = inputs.parameters
        var artifacts = inputs.artifacts
        switch iterator {
        case .parameter(.inputParameter(let name), let itemInput):
            parameters[name] = nil
            parameters[itemInput] = item
        case .parameter(.raw, let itemInput):
            parameters[itemInput] = item
        case .artifact(let name, let itemInput):
            let list = artifacts[name] ?? []
            artifacts[name] = nil
            if case .number(let index) = item, Int(index) < list.count { artifacts[itemInput] = [list[Int(index)]] }
        }
        return (parameters, artifacts)
    }
}
