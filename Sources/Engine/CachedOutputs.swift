import Basics
import PipelineIR
import Planner

/// A cache entry's outputs record: output parameter values and, per output key, the stored artifacts
/// (object id, metadata; never a path). Serialized as canonical JSON in the entry.
struct CachedOutputs: Sendable {
    var parameters: [String: JSONValue]
    var artifacts: [String: [RuntimeArtifact]]

    init(parameters: [String: JSONValue], artifacts: [String: [RuntimeArtifact]]) {
        self.parameters = parameters
        self.artifacts = artifacts
    }

    /// The record as stored.
    var json: String {
        let artifactsJSON = artifacts.mapValues { list -> JSONValue in
            .array(list.map { .object(["object": .string($0.object ?? "absent"), "metadata": .object($0.metadata)]) })
        }
        return JSONValue.object(["parameters": .object(parameters), "artifacts": .object(artifactsJSON)]).canonicalJSON
    }

    /// Parses a stored record; nil when it is not one (treated as a miss).
    init?(json: String) {
        guard case .object(let root)? = try? JSONValue.parse(json), let parameters = root["parameters"]?.objectValue,
              let artifacts = root["artifacts"]?.objectValue else { return nil }
        var restored: [String: [RuntimeArtifact]] = [:]
        for (name, value) in artifacts {
            guard let list = value.arrayValue else { return nil }
            restored[name] = list.map { item in
                let object = item.objectValue?["object"]?.stringValue
                return RuntimeArtifact(id: "", name: name, type: ArtifactTypeSchema(schemaTitle: "system.Artifact"), uri: "",
                                       metadata: item.objectValue?["metadata"]?.objectValue ?? [:], object: object)
            }
        }
        self.parameters = parameters
        self.artifacts = restored
    }
}
