import Basics
import PipelineIR

/// One artifact as a task sees it: an input picked from a record, or an output provisioned for
/// (and later reported by) an execution. Locally an artifact's URI is an absolute path, so
/// `uri == path` (like `kfp.local`).
public struct RuntimeArtifact: Sendable, Hashable {
    /// The artifact's record id; empty for an output that has not been recorded yet.
    public var id: String
    /// The output key that produced it, when known.
    public var name: String?
    public var type: ArtifactTypeSchema
    /// The absolute local path of the artifact's data (file or directory).
    public var uri: String
    /// User metadata (plus anything the engine records, e.g. `display_name`).
    public var metadata: [String: JSONValue]
    /// The content-store object id of its bytes (`sha256:…`/`tree:…`) once ingested or identified;
    /// what the cache key uses instead of the URI or id.
    public var object: String?

    /// An artifact with the given fields.
    public init(id: String, name: String? = nil, type: ArtifactTypeSchema, uri: String,
                metadata: [String: JSONValue] = [:], object: String? = nil) {
        self.id = id
        self.name = name
        self.type = type
        self.uri = uri
        self.metadata = metadata
        self.object = object
    }

    /// The local path of the data: the URI itself (§4.6, local convention), rebased under the workspace mount for an
    /// artifact marked as in the workspace (`WorkspaceArtifacts`).
    public var path: String {
        WorkspaceArtifacts.isInWorkspace(self) ? WorkspaceArtifacts.rebased(uri, workspace: WorkspaceArtifacts.mountPath) : uri
    }

    /// The `RuntimeArtifact` JSON of the executor input for an input artifact: `name` is the record id.
    public var executorInputJSON: JSONValue { executorInputJSON(name: id) }

    /// `{"name", "type": {"schemaTitle", "schemaVersion"}, "uri", "metadata"}` with the given `name`
    /// (output artifacts are named by their output key, §4.4).
    public func executorInputJSON(name: String) -> JSONValue {
        var typeJSON: [String: JSONValue] = ["schemaTitle": .string(type.schemaTitle)]
        if let version = type.schemaVersion { typeJSON["schemaVersion"] = .string(version) }
        return .object([
            "name": .string(name),
            "type": .object(typeJSON),
            "uri": .string(uri),
            "metadata": .object(metadata),
        ])
    }
}
