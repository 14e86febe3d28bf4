import Basics
import PipelineIR

/// A container task's resolved inputs, as the driver hands them to the launcher.
public struct TaskInputs: Sendable, Hashable {
    /// Every task input parameter, including compiler-injected `pipelinechannel--*` ones, after
    /// f-string and job-placeholder substitution and type coercion (see `InputValues`).
    public var parameters: [String: JSONValue]
    /// Input artifacts by input name, in order (a list-of-artifacts input has several).
    public var artifacts: [String: [RuntimeArtifact]]

    /// Inputs with the given values.
    public init(parameters: [String: JSONValue] = [:], artifacts: [String: [RuntimeArtifact]] = [:]) {
        self.parameters = parameters
        self.artifacts = artifacts
    }
}

/// Everything one execution of a container component needs, computed purely: the executor input
/// (§4.4), provisioned outputs (§4.3, local layout), the command line (§4.5) and the directories to
/// create before running (§4.7 step 3).
public struct TaskInvocation: Sendable, Hashable {
    public let component: ComponentSpec
    public let container: PipelineContainerSpec
    public let job: JobInfo
    public let layout: TaskLayout
    /// Input parameters as the component sees them: the task's inputs plus the component default of
    /// every declared parameter that is absent (or null) and has one (`addDefaultParams`). A declared
    /// optional parameter that is null and has no default is left out, as the driver skips it.
    public let parameterValues: [String: JSONValue]
    /// Input artifacts by input name.
    public let inputArtifacts: [String: [RuntimeArtifact]]
    /// The file each declared output parameter is written to.
    public let outputParameterFiles: [String: String]
    /// The provisioned output artifacts (record id still empty), by output key.
    public let outputArtifacts: [String: RuntimeArtifact]
    /// The `ExecutorInput` JSON substituted for `{{$}}`.
    public let executorInput: JSONValue
    /// The parsed `command` and `args`.
    let commandTemplates: [ArgumentTemplate]
    let argsTemplates: [ArgumentTemplate]

    /// Prepares one execution of `component` (a container component run by `container`) in
    /// `taskDirectory`. Fails on malformed placeholders, unusable output names or a relative task directory.
    public init(component: ComponentSpec, container: PipelineContainerSpec, inputs: TaskInputs,
                taskDirectory: String, job: JobInfo) throws(InvocationError) {
        let layout = try TaskLayout(taskDirectory: taskDirectory)
        let outputs = component.outputDefinitions
        for name in outputs.parameters.keys.sorted() { try TaskLayout.checkOutputName(name, kind: "output parameter") }
        for name in outputs.artifacts.keys.sorted() { try TaskLayout.checkOutputName(name, kind: "output artifact") }
        self.component = component
        self.container = container
        self.job = job
        self.layout = layout
        self.parameterValues = Self.withDefaults(inputs.parameters, declared: component.inputDefinitions.parameters)
        self.inputArtifacts = WorkspaceArtifacts.asSeen(inputs.artifacts, workspacePath: job.workspacePath)
        self.outputParameterFiles = Dictionary(uniqueKeysWithValues: outputs.parameters.keys.map { ($0, layout.parameterFile($0)) })
        self.outputArtifacts = Self.provision(outputs.artifacts, layout: layout)
        self.commandTemplates = try Self.parse(container.command, field: "command")
        self.argsTemplates = try Self.parse(container.args, field: "args")
        self.executorInput = Self.buildExecutorInput(parameters: parameterValues, artifacts: inputArtifacts,
                                                     parameterFiles: outputParameterFiles,
                                                     outputs: outputArtifacts, layout: layout)
    }

    /// The constructs of `command`/`args` the KFP backend would leave unresolved (Concat, metadata,
    /// job placeholders in args, ...), each named once, for a "differs on the cluster" warning.
    public var clusterDivergences: [String] {
        var found: [String] = []
        for template in commandTemplates + argsTemplates {
            for name in template.clusterUnsupportedConstructs where !found.contains(name) { found.append(name) }
        }
        return found
    }

    /// Directories to create before running: the task directory (artifact parents, executor output)
    /// and the output parameter directory when there are output parameters. Sorted.
    public var outputDirectories: [String] {
        var directories: Set<String> = [layout.taskDirectory]
        if !outputParameterFiles.isEmpty { directories.insert(layout.parameterDirectory) }
        return directories.sorted()
    }

    static func withDefaults(_ values: [String: JSONValue], declared: [String: ParameterSpec]) -> [String: JSONValue] {
        var result = values
        for (name, spec) in declared {
            let current = result[name]
            guard current == nil || current?.isNull == true else { continue }
            if let value = spec.defaultValue {
                result[name] = value
            } else if current != nil, spec.isOptional {
                result.removeValue(forKey: name)
            }
        }
        return result
    }

    static func provision(_ declared: [String: ArtifactSpec], layout: TaskLayout) -> [String: RuntimeArtifact] {
        var result: [String: RuntimeArtifact] = [:]
        for (key, spec) in declared {
            result[key] = RuntimeArtifact(id: "", name: key, type: spec.artifactType, uri: layout.artifactURI(key),
                                          metadata: spec.metadata?.objectValue ?? [:])
        }
        return result
    }

    private static func parse(_ elements: [String], field: String) throws(InvocationError) -> [ArgumentTemplate] {
        var templates: [ArgumentTemplate] = []
        for (index, element) in elements.enumerated() {
            do {
                templates.append(try ArgumentTemplate.parse(element))
            } catch {
                throw InvocationError("invalid placeholder in container \(field)[\(index)]: \(error.description)")
            }
        }
        return templates
    }

    static func buildExecutorInput(parameters: [String: JSONValue], artifacts: [String: [RuntimeArtifact]],
                                   parameterFiles: [String: String], outputs: [String: RuntimeArtifact],
                                   layout: TaskLayout) -> JSONValue {
        let inputArtifacts = artifacts.mapValues { list -> JSONValue in
            ["artifacts": .array(list.map(\.executorInputJSON))]
        }
        let outputParameters = parameterFiles.mapValues { file -> JSONValue in ["outputFile": .string(file)] }
        var outputArtifacts: [String: JSONValue] = [:]
        for (key, artifact) in outputs {
            outputArtifacts[key] = ["artifacts": [artifact.executorInputJSON(name: key)]]
        }
        return [
            "inputs": ["parameterValues": .object(parameters), "artifacts": .object(inputArtifacts)],
            "outputs": [
                "parameters": .object(outputParameters),
                "artifacts": .object(outputArtifacts),
                "outputFile": .string(layout.executorOutputFile),
            ],
        ]
    }
}
