import Basics
import PipelineIR

/// What one successful execution produced.
public struct CollectedOutputs: Sendable, Hashable {
    /// Output parameter values by name (every declared output parameter).
    public var parameters: [String: JSONValue]
    /// Output artifacts by key (every declared output artifact), with final URI and merged metadata.
    public var artifacts: [String: RuntimeArtifact]
    /// Things worth telling the user that did not fail the task.
    public var warnings: [String]
    /// Output artifact key → the absolute path the component chose for its data (`artifact.set_path(...)`,
    /// `custom_path`), where it is not the artifact's own path: the caller copies the data from there to the
    /// artifact's URI, as the launcher uploads it (in a container, the path is inside the container).
    public var customPaths: [String: String] = [:]

    /// Outputs with the given values.
    public init(parameters: [String: JSONValue] = [:], artifacts: [String: RuntimeArtifact] = [:], warnings: [String] = []) {
        self.parameters = parameters
        self.artifacts = artifacts
        self.warnings = warnings
    }
}

/// Reads a finished execution's outputs like the launcher (§4.7 steps 5–7), from texts the caller has
/// read: output parameters from `executor_output.json` or from their files, output artifacts merged
/// with what the executor output reports. Pure: no file is touched.
public struct OutputCollector: Sendable, Hashable {
    public let layout: TaskLayout

    /// A collector for executions laid out by `layout`.
    public init(layout: TaskLayout) { self.layout = layout }

    /// Collects the outputs `declared` (the component's `outputDefinitions`).
    /// - Parameters:
    ///   - executorOutputText: the contents of `executor_output.json`, nil when it does not exist.
    ///   - parameterFiles: output parameter name → file contents, for the files that exist.
    ///   - provisioned: the output artifacts as provisioned (`TaskInvocation.outputArtifacts`).
    public func collect(declared: InterfaceSpec, executorOutputText: String?, parameterFiles: [String: String],
                        provisioned: [String: RuntimeArtifact]) throws(InvocationError) -> CollectedOutputs {
        var warnings: [String] = []
        let output = try ExecutorOutput.parse(executorOutputText, file: layout.executorOutputFile, warnings: &warnings)
        var collected = CollectedOutputs()
        for name in declared.parameters.keys.sorted() {
            try TaskLayout.checkOutputName(name, kind: "output parameter")
            collected.parameters[name] = try parameter(name, type: declared.parameters[name]!.parameterType, output: output,
                                                       fileText: parameterFiles[name], warnings: &warnings)
        }
        for name in output.parameterValues.keys.sorted() where declared.parameters[name] == nil {
            warnings.append("\(ExecutorOutput.fileName) has parameterValues['\(name)'], which the component does not declare; ignored")
        }
        for key in declared.artifacts.keys.sorted() {
            try TaskLayout.checkOutputName(key, kind: "output artifact")
            guard let artifact = provisioned[key] else {
                throw InvocationError("output artifact '\(key)' was not provisioned (internal error, please report it)")
            }
            let merged = try merge(artifact, key: key, reported: output.artifacts[key])
            collected.artifacts[key] = merged.artifact
            if let custom = merged.customPath { collected.customPaths[key] = custom }
        }
        for key in output.artifacts.keys.sorted() where declared.artifacts[key] == nil {
            warnings.append("\(ExecutorOutput.fileName) has artifacts['\(key)'], which the component does not declare; ignored")
        }
        collected.warnings = warnings
        return collected
    }
}

extension TaskInvocation {
    /// Collects this execution's outputs (see `OutputCollector.collect`).
    public func collectOutputs(executorOutputText: String?, parameterFiles: [String: String])
        throws(InvocationError) -> CollectedOutputs
    {
        try OutputCollector(layout: layout).collect(declared: component.outputDefinitions,
                                                    executorOutputText: executorOutputText,
                                                    parameterFiles: parameterFiles, provisioned: outputArtifacts)
    }
}

/// The parts of a protobuf-JSON `ExecutorOutput` the launcher uses.
struct ExecutorOutput {
    static let fileName = "executor_output.json"

    var parameterValues: [String: JSONValue] = [:]
    /// Element 0 of `artifacts[key].artifacts`, by key (keys with an empty list are left out).
    var artifacts: [String: [String: JSONValue]] = [:]

    /// Parses the file's text; nil (no file) and blank text give an empty output.
    static func parse(_ text: String?, file: String, warnings: inout [String]) throws(InvocationError) -> ExecutorOutput {
        guard let text else { return ExecutorOutput() }
        if text.allSatisfy(\.isWhitespace) {
            warnings.append("\(file) is empty; treated as reporting no outputs")
            return ExecutorOutput()
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(text)
        } catch {
            throw InvocationError("\(file) is not valid JSON: \(error.description)")
        }
        guard let root = json.objectValue else {
            throw InvocationError("\(file) must hold a JSON object (an ExecutorOutput), found a \(json.kindName)")
        }
        var output = ExecutorOutput()
        if let values = root["parameterValues"] ?? root["parameter_values"] {
            guard let object = values.objectValue else {
                throw InvocationError("\(file): 'parameterValues' must be an object, found a \(values.kindName)")
            }
            output.parameterValues = object
        }
        if let artifacts = root["artifacts"] {
            output.artifacts = try parseArtifacts(artifacts, file: file)
        }
        return output
    }

    private static func parseArtifacts(_ value: JSONValue, file: String) throws(InvocationError) -> [String: [String: JSONValue]] {
        guard let entries = value.objectValue else {
            throw InvocationError("\(file): 'artifacts' must be an object, found a \(value.kindName)")
        }
        var result: [String: [String: JSONValue]] = [:]
        for key in entries.keys.sorted() {
            guard let list = entries[key]!["artifacts"]?.arrayValue ?? (entries[key]!.objectValue?.isEmpty == true ? [] : nil) else {
                throw InvocationError("\(file): artifacts['\(key)'] must be an object {\"artifacts\": [...]}")
            }
            guard let first = list.first else { continue }
            guard let object = first.objectValue else {
                throw InvocationError("\(file): artifacts['\(key)'].artifacts[0] must be an object, found a \(first.kindName)")
            }
            result[key] = object
        }
        return result
    }
}
