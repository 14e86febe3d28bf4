/// The component inputs and outputs a template mentions, for checking against its definitions.
public struct PlaceholderReferences: Hashable, Sendable {
    /// Names in `{{$.inputs.parameters['x']}}`.
    public var inputParameters: Set<String> = []
    /// Names in `{{$.inputs.artifacts['x']...}}`.
    public var inputArtifacts: Set<String> = []
    /// Names in `{{$.outputs.parameters['y'].output_file}}`.
    public var outputParameters: Set<String> = []
    /// Names in `{{$.outputs.artifacts['y']...}}`.
    public var outputArtifacts: Set<String> = []
    /// `IfPresent` `InputName`s: each must be an input parameter *or* an input artifact.
    public var presenceTests: Set<String> = []

    /// No references.
    public init() {}

    /// The references of a whole `command` or `args` list.
    public init(_ templates: [ArgumentTemplate]) {
        for template in templates { add(template) }
    }

    /// True when nothing is referenced.
    public var isEmpty: Bool {
        inputParameters.isEmpty && inputArtifacts.isEmpty && outputParameters.isEmpty
            && outputArtifacts.isEmpty && presenceTests.isEmpty
    }

    /// Adds everything `template` mentions (both IfPresent branches).
    public mutating func add(_ template: ArgumentTemplate) {
        if case .ifPresent(let name, _, _) = template { presenceTests.insert(name) }
        switch template {
        case .string(let s): s.placeholders.forEach { add($0) }
        case .concat(let items): items.forEach { add($0) }
        case .ifPresent(_, let then, let otherwise): ((then ?? []) + (otherwise ?? [])).forEach { add($0) }
        }
    }

    /// Adds the input or output `placeholder` names, if any.
    public mutating func add(_ placeholder: Placeholder) {
        switch placeholder {
        case .inputParameter(let n): inputParameters.insert(n)
        case .inputArtifactURI(let n), .inputArtifactPath(let n), .inputArtifactMetadata(let n, _), .inputArtifactList(let n):
            inputArtifacts.insert(n)
        case .outputParameterFile(let n): outputParameters.insert(n)
        case .outputArtifactURI(let n), .outputArtifactPath(let n), .outputArtifactMetadata(let n, _), .outputArtifactList(let n):
            outputArtifacts.insert(n)
        case .executorInput, .jsonEscapedExecutorInput, .outputMetadataFile, .pipelineJobName, .pipelineJobResourceName,
             .pipelineJobUUID, .pipelineTaskName, .pipelineTaskUUID, .pipelineJobCreateTimeUTC,
             .pipelineJobScheduleTimeUTC, .pipelineRoot, .workspacePath:
            break
        }
    }
}

extension ArgumentTemplate {
    /// The inputs and outputs this element mentions.
    public var references: PlaceholderReferences {
        var refs = PlaceholderReferences()
        refs.add(self)
        return refs
    }
}

extension TemplateString {
    /// The inputs and outputs this string mentions.
    public var references: PlaceholderReferences {
        var refs = PlaceholderReferences()
        placeholders.forEach { refs.add($0) }
        return refs
    }
}
