import Basics
import Foundation
import PipelineIR
import Planner

/// Resolves one task's inputs inside its DAG instance (ir-semantics §4.2.2): bindings, then selectors,
/// f-strings and type coercion; DAG tasks also get defaults (or null) for unbound optional inputs.
struct InputResolver {
    let dag: DagInstance
    let slot: TaskSlot
    /// The task's job facts (placeholders), asked for only when a constant holds one: asking numbers its DAG instance.
    let job: () -> JobInfo
    /// `{{$.pipeline_job_resource_name}}`, in the final status an exit task receives.
    let jobResourceName: String
    /// Warns once per run.
    let warnOnce: (String) -> Void

    func resolve() throws -> ResolvedInputs {
        let component = slot.component!
        let declared = component.inputDefinitions.parameters
        var values: [String: JSONValue] = [:]
        var constants = Set<String>()
        for (name, binding) in slot.spec.inputs.parameters.sorted(by: { $0.key < $1.key }) {
            if declared[name]?.parameterType == .taskConfig { continue }
            guard var value = try value(of: binding.source, name: name, declared: declared[name]) else { continue }
            if case .runtimeValue = binding.source { constants.insert(name) }
            if let selector = binding.parameterExpressionSelector {
                do {
                    value = try CELEvaluator.evaluateSelector(try CELParser.parse(selector), on: value)
                } catch {
                    throw TaskFailure("input '\(name)': cannot apply selector \(selector): \(error)")
                }
            }
            values[name] = value
        }
        values = InputValues.substituteFStrings(values, in: constants)
        if component.dag != nil {
            for (name, spec) in declared where values[name] == nil && spec.mayBeOmitted && name != slot.spec.iterator?.itemInput {
                values[name] = spec.defaultValue ?? .null
            }
        }
        do {
            values = try InputValues.coerce(values, to: declared.filter { $0.key != slot.spec.iterator?.itemInput })
        } catch {
            throw TaskFailure(error.description)
        }
        return ResolvedInputs(parameters: values, artifacts: try artifacts())
    }

    /// One binding's value; nil means "absent" (the component default applies).
    private func value(of source: InputParameterBinding.Source, name: String, declared: ParameterSpec?) throws -> JSONValue? {
        switch source {
        case .componentInputParameter(let parent):
            guard let value = dag.parameters[parent] else {
                if parent == dag.loopItemsInput {
                    throw TaskFailure("input '\(name)': '\(parent)' is the list its loop iterates over, which the KFP backend removes "
                                      + "from each iteration (backend/src/v2/driver/resolve.go, resolveInputs), so the cluster fails "
                                      + "this task too (\"parent DAG does not have input parameter\"); kfp.local passes it. "
                                      + "Pass the list into the loop another way, e.g. as the output of a task outside it")
                }
                throw TaskFailure("input '\(name)': the enclosing DAG has no input '\(parent)'")
            }
            if value.isNull, declared?.isOptional == true { return nil }
            return value
        case .taskOutputParameter(let producer, let key):
            guard let producerSlot = dag.slots[producer] else { throw TaskFailure("input '\(name)': no task '\(producer)'") }
            if let value = try OutputLookup.parameter(of: producerSlot, key: key) { return value }
            if slot.spec.runsAfterAnyUpstreamState { return nil }  // §6.3: a failed producer's output is absent
            throw TaskFailure("input '\(name)': task '\(producer)' did not produce output '\(key)'")
        case .runtimeValue(let constant):
            let (value, diverges) = InputValues.substituteJobPlaceholders(in: constant, job: job())
            if diverges {
                warnOnce("input '\(name)' of \(slot.name) embeds a job placeholder in a longer string; "
                         + "Tarmac resolves it, the KFP backend keeps it literal")
            }
            return value
        case .taskFinalStatus(let producer):
            return finalStatus(of: producer)
        }
    }

    /// §6.5: the struct an exit task receives; its state is spelled by `ExecutionFinalState`.
    private func finalStatus(of producer: String) -> JSONValue {
        let name = ExecutionFinalState(dag.slots[producer]?.state).rawValue
        return .object(["state": .string(name), "error": .object([:]),
                        "pipelineJobResourceName": .string(jobResourceName),
                        "pipelineTaskName": .string(producer)])
    }

    private func artifacts() throws -> [String: [RuntimeArtifact]] {
        var result: [String: [RuntimeArtifact]] = [:]
        for (name, binding) in slot.spec.inputs.artifacts {
            switch binding {
            case .componentInputArtifact(let parent):
                guard let list = dag.artifacts[parent] else {
                    if slot.component?.inputDefinitions.artifacts[name]?.isOptional == true { continue }
                    throw TaskFailure("input artifact '\(name)': the enclosing DAG has no input artifact '\(parent)'")
                }
                result[name] = list
            case .taskOutputArtifact(let producer, let key):
                guard let producerSlot = dag.slots[producer] else { throw TaskFailure("input artifact '\(name)': no task '\(producer)'") }
                if let list = OutputLookup.artifacts(of: producerSlot, key: key) {
                    result[name] = list
                } else if !slot.spec.runsAfterAnyUpstreamState {
                    throw TaskFailure("input artifact '\(name)': task '\(producer)' did not produce '\(key)'")
                }
            }
        }
        return result
    }
}

extension InputResolver {
    /// The resolver of `slot` in `dag`, with the job facts and warnings of the run `context` describes.
    init(dag: DagInstance, slot: TaskSlot, context: RunContext) {
        self.init(dag: dag, slot: slot, job: { context.job(for: slot) }, jobResourceName: context.jobResourceName,
                  warnOnce: { context.warnOnce($0) })
    }
}
