import Basics
import PipelineIR

extension TaskInvocation {
    /// `command + args` with every placeholder substituted (§4.5, the complete grammar like
    /// `kfp.local`): one pass per string, `Concat`/`IfPresent` evaluated, IfPresent results flattened.
    public func commandLine() throws(InvocationError) -> [String] {
        let resolver = InvocationResolver(invocation: self, executorInputText: executorInput.canonicalJSON)
        let argv: [String]
        do {
            argv = try ArgumentTemplate.render(commandTemplates + argsTemplates, with: resolver)
        } catch {
            throw InvocationError("cannot build the command line: \(error.message)")
        }
        guard !argv.isEmpty else {
            throw InvocationError("the container has nothing to run: its command and args are empty")
        }
        return argv
    }

    /// The container image with placeholders substituted (a dynamic image is
    /// `{{$.inputs.parameters['pipelinechannel--image']}}`, §2.9.14).
    public func image() throws(InvocationError) -> String {
        let template: TemplateString
        do {
            template = try TemplateString.parse(container.image)
        } catch {
            throw InvocationError("invalid placeholder in the container image: \(error.description)")
        }
        do {
            return try template.render(with: InvocationResolver(invocation: self, executorInputText: executorInput.canonicalJSON))
        } catch {
            throw InvocationError("cannot resolve the container image: \(error.message)")
        }
    }
}

/// Resolves every placeholder against one invocation.
struct InvocationResolver: PlaceholderResolver {
    let invocation: TaskInvocation
    /// Compact JSON of the executor input, computed once per rendering.
    let executorInputText: String

    func value(of placeholder: Placeholder) throws(PlaceholderResolutionError) -> String {
        switch placeholder {
        case .executorInput, .jsonEscapedExecutorInput:
            return executorInputText
        case .inputParameter(let name):
            return try inputParameter(name)
        case .inputArtifactURI(let name):
            return try firstInputArtifact(name).uri
        case .inputArtifactPath(let name):
            return try firstInputArtifact(name).path
        case .inputArtifactMetadata(let name, let key):
            return try Self.metadata(try firstInputArtifact(name).metadata, key: key, of: "input artifact '\(name)'")
        case .inputArtifactList:
            // Left literal, as the launcher leaves it: it substitutes only `.uri` and `.path` of input artifacts
            // (backend/src/v2/component/launcher_v2.go, `getPlaceholders`). kfp.local writes the list as JSON.
            return placeholder.text
        case .outputArtifactURI(let name), .outputArtifactPath(let name):
            return try outputArtifact(name).uri
        case .outputArtifactMetadata(let name, let key):
            return try Self.metadata(try outputArtifact(name).metadata, key: key, of: "output artifact '\(name)'")
        case .outputArtifactList(let name):
            return Self.artifactList([try outputArtifact(name).executorInputJSON(name: name)])
        case .outputParameterFile(let name):
            guard let file = invocation.outputParameterFiles[name] else {
                throw PlaceholderResolutionError("'\(placeholder.text)' names no declared output parameter")
            }
            return file
        case .outputMetadataFile:
            return invocation.layout.executorOutputFile
        default:
            guard let value = invocation.job.value(of: placeholder) else {
                throw PlaceholderResolutionError("'\(placeholder.text)' has no value: this run has no workspace")
            }
            return value
        }
    }

    func isPresent(_ name: String) -> Bool {
        if let value = invocation.parameterValues[name], !value.isNull { return true }
        return !(invocation.inputArtifacts[name] ?? []).isEmpty
    }

    private func inputParameter(_ name: String) throws(PlaceholderResolutionError) -> String {
        guard let value = invocation.parameterValues[name] else {
            throw PlaceholderResolutionError("input parameter '\(name)' has no value (it was not passed and has no default)")
        }
        if value.isNull {
            throw PlaceholderResolutionError("input parameter '\(name)' is null, which has no text form")
        }
        return value.textForm
    }

    private func firstInputArtifact(_ name: String) throws(PlaceholderResolutionError) -> RuntimeArtifact {
        guard let first = invocation.inputArtifacts[name]?.first else {
            throw PlaceholderResolutionError("input artifact '\(name)' has no artifact")
        }
        return first
    }

    private func outputArtifact(_ name: String) throws(PlaceholderResolutionError) -> RuntimeArtifact {
        guard let artifact = invocation.outputArtifacts[name] else {
            throw PlaceholderResolutionError("'\(name)' is not a declared output artifact")
        }
        return artifact
    }

    /// The whole metadata as compact JSON, or one key's text form.
    private static func metadata(_ metadata: [String: JSONValue], key: String?, of what: String)
        throws(PlaceholderResolutionError) -> String
    {
        guard let key else { return JSONValue.object(metadata).canonicalJSON }
        guard let value = metadata[key] else {
            throw PlaceholderResolutionError("\(what) has no metadata key '\(key)'")
        }
        return value.textForm
    }

    /// `{"artifacts": [...]}` as compact JSON (what `kfp.local` substitutes for a list-of-artifacts placeholder).
    private static func artifactList(_ items: [JSONValue]) -> String {
        JSONValue.object(["artifacts": .array(items)]).canonicalJSON
    }
}
