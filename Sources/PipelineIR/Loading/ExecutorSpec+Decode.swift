import Basics

extension ExecutorSpec {
    static func decode(_ reader: IRReader) -> ExecutorSpec? {
        guard reader.members != nil else { return nil }
        if let container = reader.field("container") { return PipelineContainerSpec.decode(container).map(ExecutorSpec.container) }
        if let importer = reader.field("importer") { return ImporterSpec.decode(importer).map(ExecutorSpec.importer) }
        if reader.field("resolver") != nil { return .resolver }
        if reader.field("customJob") != nil { return .customJob }
        reader.error("an executor needs 'container' or 'importer'")
        return nil
    }
}

extension PipelineContainerSpec {
    static func decode(_ reader: IRReader) -> PipelineContainerSpec? {
        guard let image = reader.requiredString("image") else { return nil }
        var spec = PipelineContainerSpec(image: image, command: reader.strings("command"), args: reader.strings("args"))
        spec.env = reader.list("env").compactMap { entry in
            guard let name = entry.requiredString("name") else { return nil }
            return EnvVar(name: name, value: entry.string("value") ?? "")
        }
        if spec.command.isEmpty, spec.args.isEmpty, !image.hasPrefix("argostub/") {
            reader.error("a container needs a 'command' or 'args'")
        }
        if let resources = reader.field("resources") { spec.resources = ResourceSpec.decode(resources) }
        return spec
    }
}

extension ResourceSpec {
    /// The string field when non-empty, else the deprecated numeric one, as the driver does.
    static func decode(_ reader: IRReader) -> ResourceSpec {
        func quantity(_ modern: String, _ legacy: String, scale: (Double) -> String) -> String? {
            if let text = reader.string(modern), !text.isEmpty { return text }
            return reader.number(legacy).map(scale)
        }
        var spec = ResourceSpec()
        spec.cpuLimit = quantity("resourceCpuLimit", "cpuLimit") { JSONValue.formatNumber($0) }
        spec.cpuRequest = quantity("resourceCpuRequest", "cpuRequest") { JSONValue.formatNumber($0) }
        spec.memoryLimit = quantity("resourceMemoryLimit", "memoryLimit") { JSONValue.formatNumber($0) + "G" }
        spec.memoryRequest = quantity("resourceMemoryRequest", "memoryRequest") { JSONValue.formatNumber($0) + "G" }
        if let accelerator = reader.field("accelerator") {
            spec.acceleratorType = nonEmpty(accelerator.string("resourceType")) ?? nonEmpty(accelerator.string("type"))
            spec.acceleratorCount = nonEmpty(accelerator.string("resourceCount"))
                ?? accelerator.number("count").map { JSONValue.formatNumber($0) }
        }
        return spec
    }

    private static func nonEmpty(_ s: String?) -> String? { s?.isEmpty == false ? s : nil }
}

extension ImporterSpec {
    static func decode(_ reader: IRReader) -> ImporterSpec? {
        guard let uri = reader.required("artifactUri") else { return nil }
        let source: URISource
        if let constant = uri.string("constant") {
            source = .constant(constant)
        } else if let parameter = uri.string("runtimeParameter") {
            source = .runtimeParameter(parameter)
        } else {
            uri.error("artifactUri needs 'constant' or 'runtimeParameter'")
            return nil
        }
        let type = reader.required("typeSchema").flatMap(ArtifactTypeSchema.decode) ?? .artifact
        return ImporterSpec(artifactUri: source, typeSchema: type, metadata: reader.field("metadata")?.value,
                            reimport: reader.bool("reimport"), downloadToWorkspace: reader.bool("downloadToWorkspace"))
    }
}
