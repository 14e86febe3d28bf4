import Basics
import PipelineIR
import Planner

/// Reads a finished sibling's outputs, walking into DAGs, OneOf and loops (ir-semantics §4.12).
enum OutputLookup {
    /// Output parameter `key` of `slot`; nil when it was never produced.
    static func parameter(of slot: TaskSlot, key: String) throws -> JSONValue? {
        switch slot.result {
        case .none: return nil
        case .leaf(let parameters, _): return parameters[key]
        case .dag(let child): return try dagParameter(child, key: key)
        case .loop(let loop):
            var collected: [JSONValue] = []
            for iteration in loop.instances {
                guard case .valueFromParameter(let selector)? = iteration.dag.outputs.parameters[key],
                      let inner = iteration.slots[selector.producerSubtask] else { continue }
                let value = try parameter(of: inner, key: selector.outputParameterKey)
                if case .loop = inner.result, case .array(let items)? = value {
                    collected += items  // nested loops are flattened, outer index major
                } else if let value {
                    collected.append(value)
                }
            }
            return .array(collected)
        }
    }

    private static func dagParameter(_ dag: DagInstance, key: String) throws -> JSONValue? {
        switch dag.dag.outputs.parameters[key] {
        case .valueFromParameter(let selector)?:
            return try dag.slots[selector.producerSubtask].flatMap { try parameter(of: $0, key: selector.outputParameterKey) }
        case .valueFromOneof(let selectors)?:
            for selector in selectors {
                guard let producer = dag.slots[selector.producerSubtask], producer.state.producedOutputs else { continue }
                return try parameter(of: producer, key: selector.outputParameterKey)
            }
            throw TaskFailure("none of the OneOf branches for output '\(key)' succeeded")
        case nil:
            return nil
        }
    }

    /// Output artifact list `key` of `slot`; nil when it was never produced.
    static func artifacts(of slot: TaskSlot, key: String) -> [RuntimeArtifact]? {
        switch slot.result {
        case .none: return nil
        case .leaf(_, let artifacts): return artifacts[key]
        case .dag(let child):
            guard let selectors = child.dag.outputs.artifacts[key] else { return nil }
            for selector in selectors {
                guard let producer = child.slots[selector.producerSubtask] else { continue }
                if selectors.count > 1, !producer.state.producedOutputs { continue }  // OneOf
                return artifacts(of: producer, key: selector.outputArtifactKey)
            }
            return nil
        case .loop(let loop):
            var collected: [RuntimeArtifact] = []
            for iteration in loop.instances {
                guard let selector = iteration.dag.outputs.artifacts[key]?.first,
                      let inner = iteration.slots[selector.producerSubtask] else { continue }
                collected += artifacts(of: inner, key: selector.outputArtifactKey) ?? []
            }
            return collected
        }
    }
}
