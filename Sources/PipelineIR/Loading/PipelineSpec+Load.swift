import Basics

extension PipelineSpec {
    /// Loads an IR file's text: YAML (one or two documents) or JSON. Throws every structural problem found.
    public static func load(_ text: String, file: String?) throws(IRErrors) -> PipelineSpec {
        let documents: [JSONValue]
        do {
            documents = try YAMLLoader.loadDocuments(text, file: file)
        } catch {
            throw IRErrors([error])
        }
        return try decode(documents: documents, file: file)
    }

    /// Decodes already-parsed documents: the PipelineSpec, then an optional PlatformSpec.
    public static func decode(documents: [JSONValue], file: String?) throws(IRErrors) -> PipelineSpec {
        let diagnostics = IRDiagnostics(file: file)
        guard let first = documents.first, !first.isNull else {
            throw IRErrors([IRError("the file holds no pipeline (it is empty)", at: file.map { .path($0) },
                                    hint: "compile a pipeline with the KFP SDK: kfp.compiler.Compiler().compile(fn, 'pipeline.yaml')")])
        }
        if documents.count > 2 {
            diagnostics.error("expected at most 2 YAML documents (PipelineSpec, PlatformSpec), found \(documents.count)", at: .root)
        }
        let reader = IRReader(value: first, path: .root, diagnostics: diagnostics)
        var spec = decodeConcurrently(first, file: file) ?? decodeSpec(reader)
        if documents.count > 1, !documents[1].isNull {
            spec?.platform = PlatformSpec.decode(IRReader(value: documents[1], path: .root, diagnostics: diagnostics))
        }
        guard let spec, diagnostics.errors.isEmpty else { throw IRErrors(diagnostics.errors) }
        return spec
    }

    /// `decoded`: the root DAG's tasks, the components and the executors, when they were decoded already.
    static func decodeSpec(_ reader: IRReader, decoded: DecodedParts? = nil) -> PipelineSpec? {
        guard let members = reader.members else { return nil }
        if members["pipelineInfo"] == nil, members["root"] == nil {
            reader.error("this is not a KFP pipeline: no 'pipelineInfo' or 'root' field",
                         hint: "pass the IR YAML written by the KFP compiler (kfp 2.x), not a v1 Argo workflow or a component file")
            return nil
        }
        let info = reader.required("pipelineInfo")
        let name = info?.requiredString("name") ?? ""
        guard let rootReader = reader.required("root") else { return nil }
        let root = ComponentSpec.decode(rootReader, tasks: decoded?.rootTasks)
        if let root, root.dag == nil { rootReader.error("the pipeline root must be a DAG ('dag' field)") }
        var components = decoded?.components ?? [:]
        var executors = decoded?.executors ?? [:]
        if decoded == nil {
            for (key, child) in reader.map("components") {
                if let component = ComponentSpec.decode(child) { components[key] = component }
            }
            for (key, child) in reader.field("deploymentSpec")?.map("executors") ?? [] {
                if let executor = ExecutorSpec.decode(child) { executors[key] = executor }
            }
        }
        var spec = PipelineSpec(name: name, root: root ?? ComponentSpec(implementation: .dag(DagSpec(tasks: [:]))),
                                components: components, executors: executors)
        spec.displayName = info?.string("displayName")
        spec.description = info?.string("description")
        spec.defaultPipelineRoot = reader.string("defaultPipelineRoot")
        spec.schemaVersion = reader.string("schemaVersion")
        spec.sdkVersion = reader.string("sdkVersion")
        return spec
    }
}
