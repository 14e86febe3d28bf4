import Foundation
import Basics

extension ComponentSpec {
    /// Decodes one `ComponentSpec`; nil (with errors recorded) when it has no implementation. `tasks`: its DAG's
    /// tasks, when they were decoded already.
    static func decode(_ reader: IRReader, tasks: [String: PipelineTaskSpec]? = nil) -> ComponentSpec? {
        guard reader.members != nil else { return nil }
        let implementation: Implementation
        if let dag = reader.field("dag") {
            implementation = .dag(DagSpec.decode(dag, tasks: tasks))
        } else if let label = reader.string("executorLabel") {
            implementation = .executorLabel(label)
        } else {
            reader.error("a component needs an 'executorLabel' or a 'dag'")
            return nil
        }
        var component = ComponentSpec(implementation: implementation)
        if let inputs = reader.field("inputDefinitions") { component.inputDefinitions = InterfaceSpec.decode(inputs) }
        if let outputs = reader.field("outputDefinitions") { component.outputDefinitions = InterfaceSpec.decode(outputs) }
        component.taskConfigPassthroughs = reader.list("taskConfigPassthroughs").compactMap { entry in
            guard let field = entry.requiredString("field") else { return nil }
            return TaskConfigPassthrough(field: field, applyToTask: entry.bool("applyToTask"))
        }
        return component
    }
}

extension InterfaceSpec {
    static func decode(_ reader: IRReader) -> InterfaceSpec {
        var spec = InterfaceSpec()
        for (name, child) in reader.map("parameters") {
            if let parameter = ParameterSpec.decode(child) { spec.parameters[name] = parameter }
        }
        for (name, child) in reader.map("artifacts") {
            if let artifact = ArtifactSpec.decode(child) { spec.artifacts[name] = artifact }
        }
        return spec
    }
}

extension ParameterSpec {
    static func decode(_ reader: IRReader) -> ParameterSpec? {
        guard reader.members != nil else { return nil }
        let type: ParameterType
        if let typeReader = reader.field("parameterType"), let text = typeReader.string {
            guard let parsed = ParameterType(rawValue: text) else {
                let valid = ParameterType.allCases.map(\.rawValue).joined(separator: ", ")
                typeReader.error("unknown parameterType '\(text)'", hint: "one of: \(valid)")
                return nil
            }
            type = parsed
        } else if let legacy = reader.string("type") {
            let map: [String: ParameterType] = ["INT": .numberInteger, "DOUBLE": .numberDouble, "STRING": .string]
            type = map[legacy] ?? .unspecified
        } else {
            reader.error("missing required field 'parameterType'")
            return nil
        }
        var spec = ParameterSpec(parameterType: type, isOptional: reader.bool("isOptional"),
                                 description: reader.string("description"))
        if let value = reader.field("defaultValue")?.value { spec.defaultValue = value }
        if reader.field("literals") != nil { spec.literals = reader.list("literals").map(\.value) }
        return spec
    }
}

extension ArtifactSpec {
    static func decode(_ reader: IRReader) -> ArtifactSpec? {
        guard reader.members != nil else { return nil }
        let type = reader.required("artifactType").flatMap(ArtifactTypeSchema.decode) ?? .artifact
        return ArtifactSpec(artifactType: type, isArtifactList: reader.bool("isArtifactList"),
                            isOptional: reader.bool("isOptional"), description: reader.string("description"),
                            metadata: reader.field("metadata")?.value)
    }
}

extension ArtifactTypeSchema {
    static func decode(_ reader: IRReader) -> ArtifactTypeSchema? {
        if let title = reader.string("schemaTitle") {
            return ArtifactTypeSchema(schemaTitle: title, schemaVersion: reader.string("schemaVersion"))
        }
        if let schema = reader.string("instanceSchema") {
            let titleLine = schema.split(separator: "\n").first { $0.hasPrefix("title:") }
            let title = titleLine.map { $0.dropFirst(6).trimmingCharacters(in: .whitespaces) } ?? "system.Artifact"
            return ArtifactTypeSchema(schemaTitle: title, schemaVersion: reader.string("schemaVersion"), instanceSchema: schema)
        }
        if let uri = reader.string("schemaUri") { return ArtifactTypeSchema(schemaTitle: uri) }
        reader.error("an artifact type needs 'schemaTitle' or 'instanceSchema'")
        return nil
    }
}
