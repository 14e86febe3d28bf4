import Basics
import Foundation
import PipelineIR
import Planner

extension Scheduler {
    /// `dsl.importer` (§4.11): records an artifact for a URI; nothing is downloaded. Local paths
    /// (plain or `file://`) become absolute, a relative path resolving against the pipeline file's
    /// folder; remote URIs are recorded as they are (their consumers see `/gcs/...`-style paths).
    func runImporter(_ slot: TaskSlot, importer: ImporterSpec, component: ComponentSpec, inputs: ResolvedInputs,
                     in dag: DagInstance) {
        slot.started = Date()
        do {
            let local = try importedPath(importer, inputs: inputs)
            let metadata = try importedMetadata(importer, path: local, inputs: inputs, slot: slot)
            let key = component.outputDefinitions.artifacts.keys.sorted().first ?? "artifact"
            let existing = importer.reimport ? nil : previousImport(uri: local, type: importer.typeSchema, metadata: metadata)
            let artifact = RuntimeArtifact(id: existing ?? UUID().uuidString.lowercased(), name: key, type: importer.typeSchema,
                                           uri: local, metadata: metadata)
            slot.result = .leaf(parameters: [:], artifacts: [key: [artifact]])
            if existing == nil { context.recorder.artifactsProduced([key: [artifact]], by: slot) }
            finish(slot, in: dag, state: .succeeded, error: nil)
        } catch {
            finish(slot, in: dag, state: .failed, error: error.message)
        }
    }

    /// The local path the importer's URI (a constant or an input) stands for.
    private func importedPath(_ importer: ImporterSpec, inputs: ResolvedInputs) throws -> String {
        let uri: String
        switch importer.artifactUri {
        case .constant(let constant): uri = constant
        case .runtimeParameter(let name):
            guard let value = inputs.parameters[name]?.stringValue, !value.isEmpty else {
                throw TaskFailure("the importer's URI input '\(name)' is empty or not a string")
            }
            uri = value
        }
        guard let local = localPath(uri) else {
            let scheme = uri.components(separatedBy: "://").first ?? ""
            let bucket = uri.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init) ?? "BUCKET"
            throw TaskFailure("the importer's URI \(uri) is remote and not mapped to a local directory; "
                              + "pass \(context.name(.uriMap)) \(scheme)://\(bucket)=DIR")
        }
        return local
    }

    /// The imported artifact's metadata, placeholders resolved; with `download_to_workspace`, copies it there first.
    private func importedMetadata(_ importer: ImporterSpec, path: String, inputs: ResolvedInputs, slot: TaskSlot) throws -> [String: JSONValue] {
        var resolvedAny = false
        var metadata = Self.resolveMetadata(importer.metadata?.objectValue ?? [:], inputs: inputs.parameters, resolved: &resolvedAny)
        if resolvedAny {
            context.warnOnce("importer metadata placeholders (keys and values) are resolved by Tarmac but kept literal by the KFP backend "
                             + "(first seen in \(slot.name))", key: "importer-metadata")
        }
        if importer.downloadToWorkspace {
            metadata[WorkspaceArtifacts.flag] = .bool(true)
            try downloadToWorkspace(path, task: slot.name)
        }
        return metadata
    }

    /// `reimport: false` (§4.11): the id of an artifact this pipeline already recorded with the same URI,
    /// type and metadata, in any run; nil when there is none (or the store cannot tell).
    private func previousImport(uri: String, type: ArtifactTypeSchema, metadata: [String: JSONValue]) -> String? {
        let wanted = JSONValue.object(metadata).canonicalJSON
        context.recorder.flush()  // this run's own imports count too
        let found = try? context.recorder.store.producers(ofArtifactURI: uri).first { lineage in
            lineage.run.pipelineName == context.spec.name && lineage.artifact.schemaTitle == type.schemaTitle
                && lineage.artifact.metadataJSON == wanted
        }
        return found?.artifact.id
    }

    /// The local path of a URI: `file://` and plain paths, or a remote URI under a `--uri-map` prefix.
    private func localPath(_ uri: String) -> String? {
        if uri.hasPrefix("file://") { return String(uri.dropFirst("file://".count)) }
        if uri.contains("://") {
            for (prefix, directory) in context.options.inputs.uriMap.sorted(by: { $0.prefix.count > $1.prefix.count }) {
                let base = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
                guard uri == base || uri.hasPrefix(base + "/") else { continue }
                let rest = uri.dropFirst(base.count).drop { $0 == "/" }
                return rest.isEmpty ? directory : (directory as NSString).appendingPathComponent(String(rest))
            }
            return nil
        }
        if uri.hasPrefix("/") { return uri }
        let folder = (context.pipelineFile as NSString).deletingLastPathComponent  // the caller made the file's path absolute
        return ((folder as NSString).appendingPathComponent(uri) as NSString).standardizingPath
    }

    /// Importer metadata with every key and value that is exactly `{{$.inputs.parameters['x']}}` replaced by input
    /// `x`, at any depth (the SDK compiles a parameter used as a key or inside a list that way); a key takes the
    /// input's text (a string as it is, anything else as JSON). `resolved` turns true when anything was replaced.
    static func resolveMetadata(_ metadata: [String: JSONValue], inputs: [String: JSONValue], resolved: inout Bool) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for (key, value) in metadata {
            var name = key
            if let input = metadataInput(key), let replacement = inputs[input] {
                name = replacement.stringValue ?? replacement.canonicalJSON
                resolved = true
            }
            result[name] = resolveMetadataValue(value, inputs: inputs, resolved: &resolved)
        }
        return result
    }

    private static func resolveMetadataValue(_ value: JSONValue, inputs: [String: JSONValue], resolved: inout Bool) -> JSONValue {
        switch value {
        case .string(let text):
            guard let input = metadataInput(text), let replacement = inputs[input] else { return value }
            resolved = true
            return replacement
        case .array(let items):
            return .array(items.map { resolveMetadataValue($0, inputs: inputs, resolved: &resolved) })
        case .object(let fields):
            return .object(resolveMetadata(fields, inputs: inputs, resolved: &resolved))
        default:
            return value
        }
    }

    /// The input name in a metadata value that is exactly `{{$.inputs.parameters['x']}}`.
    static func metadataInput(_ text: String) -> String? {
        let prefix = "{{$.inputs.parameters['", suffix = "']}}"
        guard text.hasPrefix(prefix), text.hasSuffix(suffix), text.count > prefix.count + suffix.count else { return nil }
        return String(text.dropFirst(prefix.count).dropLast(suffix.count))
    }
}
