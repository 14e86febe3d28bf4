import Basics

extension PipelineValidator {
    mutating func checkCondition(_ task: PipelineTaskSpec, at path: IRPath) {
        guard let condition = task.triggerPolicy?.condition else { return }
        let expression: CELExpression
        do {
            expression = try CELParser.parse(condition)
        } catch {
            self.error("unparsable condition: \(error)", at: path, hint: "conditions use the CEL subset the KFP compiler emits")
            return
        }
        for name in expression.referencedParameters.sorted() where task.inputs.parameters[name] == nil {
            error("the condition reads '\(name)', which is not an input parameter of this task", at: path,
                  hint: suggestion(name, among: Array(task.inputs.parameters.keys), what: "task inputs"))
        }
    }

    mutating func checkSelector(_ selector: String, at path: IRPath) {
        do {
            _ = try CELParser.parse(selector)
        } catch {
            self.error("unparsable parameterExpressionSelector: \(error)", at: path)
        }
    }

    mutating func checkExecutor(_ label: String, _ executor: ExecutorSpec, at path: IRPath) {
        let users = componentsByExecutor[label] ?? []
        switch executor {
        case .container(let container):
            checkContainer(container, users: users, at: path.field("container"))
        case .importer(let importer):
            if case .runtimeParameter(let name) = importer.artifactUri {
                for user in users where user.inputDefinitions.parameters[name] == nil {
                    error("the importer reads its URI from '\(name)', which is not an input of its component",
                          at: path.field("importer").field("artifactUri").field("runtimeParameter"))
                }
            }
        case .resolver:
            error("resolver executors are not supported (the KFP backend rejects them too)", at: path.field("resolver"))
        case .customJob:
            error("customJob executors run only on Vertex AI and are not supported", at: path.field("customJob"))
        }
    }

    private mutating func checkContainer(_ container: PipelineContainerSpec, users: [ComponentSpec], at path: IRPath) {
        do {
            _ = try TemplateString.parse(container.image)
        } catch {
            self.error(placeholderMessage(error), at: path.field("image"), hint: placeholderHint(error))
        }
        for (field, list) in [("command", container.command), ("args", container.args)] {
            for (i, arg) in list.enumerated() {
                let at = path.field(field).index(i)
                do {
                    let template = try ArgumentTemplate.parse(arg)
                    let references = template.references
                    if !references.isEmpty {
                        for user in users { checkReferences(references, against: user, at: at) }
                    }
                } catch {
                    self.error(placeholderMessage(error), at: at, hint: placeholderHint(error))
                }
            }
        }
    }

    private mutating func checkReferences(_ refs: PlaceholderReferences, against component: ComponentSpec, at path: IRPath) {
        let inputs = component.inputDefinitions, outputs = component.outputDefinitions
        func report(_ names: Set<String>, _ known: [String], _ what: String) -> [(String, String)] {
            names.subtracting(known).sorted().map { ($0, what) }
        }
        var unknown = report(refs.inputParameters, Array(inputs.parameters.keys), "input parameter")
        unknown += report(refs.inputArtifacts, Array(inputs.artifacts.keys), "input artifact")
        unknown += report(refs.outputParameters, Array(outputs.parameters.keys), "output parameter")
        unknown += report(refs.outputArtifacts, Array(outputs.artifacts.keys), "output artifact")
        unknown += report(refs.presenceTests, Array(inputs.parameters.keys) + Array(inputs.artifacts.keys), "input")
        for (name, what) in unknown {
            error("the placeholder refers to \(what) '\(name)', which the component does not declare", at: path)
        }
    }

    /// The parser's message, with the offset only where it helps (inside a longer text).
    private func placeholderMessage(_ error: PlaceholderSyntaxError) -> String {
        guard let offset = error.offset, offset > 0 else { return error.message }
        return "\(error.message) (at character \(offset + 1))"
    }

    private func placeholderHint(_ error: PlaceholderSyntaxError) -> String? {
        guard error.message.hasPrefix("unknown placeholder") else { return nil }
        return "known forms: {{$}}, {{$.inputs.parameters['x']}}, {{$.inputs.artifacts['x'].uri|path|metadata}}, "
            + "{{$.outputs.parameters['x'].output_file}}, {{$.outputs.artifacts['x'].uri|path|metadata}}, "
            + "{{$.outputs.output_file}}, {{$.pipeline_job_name}}, {{$.pipeline_task_name}}, {{$.pipeline_root}}, {{$.json_escape[N]}}"
    }

    mutating func checkPlatform() {
        guard let platform = spec.platform else { return }
        let base = IRPath("platforms").field("kubernetes").field("deploymentSpec").field("executors")
        for label in platform.executors.keys.sorted() where spec.executors[label] == nil {
            error("kubernetes settings for unknown executor '\(label)'", at: base.key(label),
                  hint: suggestion(label, among: Array(spec.executors.keys), what: "executors"))
        }
        if let size = platform.workspaceSize, StorageQuantity.bytes(size) == nil {
            error("the workspace size '\(size)' is not a Kubernetes quantity",
                  at: IRPath("platforms").field("kubernetes").field("pipelineConfig").field("workspace").field("size"),
                  hint: "give dsl.WorkspaceConfig(size=...) a quantity such as '10Gi' or '500Mi'")
        }
    }
}
