import Basics

/// Artifacts that live in the run's workspace (`dsl.importer(..., download_to_workspace=True)`, kfp 2.15+): the
/// driver marks every consumer's copy with metadata `_kfp_workspace: true` (driver/resolve.go, `setWorkspaceFlag`),
/// and their path is the URI's local path rebased under `<workspace>/.artifacts/` (component/launcher_v2.go,
/// `LocalWorkspacePathForURI`; the SDK's `Artifact.path` computes the same from the flag). Locally a URI is a
/// path already, so the rebased path is `<workspace>/.artifacts/<URI without its leading slash>`.
public enum WorkspaceArtifacts {
    /// The metadata key of the mark.
    public static let flag = "_kfp_workspace"
    /// Where containers see the run's workspace (`component.WorkspaceMountPath` in the backend).
    public static let mountPath = "/kfp-workspace"

    /// Whether `artifact` carries the mark.
    public static func isInWorkspace(_ artifact: RuntimeArtifact) -> Bool { artifact.metadata[flag] == .bool(true) }

    /// `uri` rebased under `workspace`'s `.artifacts` directory.
    public static func rebased(_ uri: String, workspace: String) -> String {
        workspace + "/.artifacts/" + uri.drop { $0 == "/" }
    }

    /// Input artifacts as a task sees them. In a container (`workspacePath` is the mount path) they are left as
    /// they are: the mark makes the SDK rebase `.path` itself, and the `.path` placeholder is rebased the same way.
    /// On the host there is no `/kfp-workspace`, so a marked artifact's URI becomes its copy in the workspace
    /// directory and the mark is dropped (kfp.local's subprocess runner points at its copy the same way).
    static func asSeen(_ artifacts: [String: [RuntimeArtifact]], workspacePath: String?) -> [String: [RuntimeArtifact]] {
        guard let workspacePath, workspacePath != mountPath else { return artifacts }
        return artifacts.mapValues { list in
            list.map { artifact in
                guard isInWorkspace(artifact) else { return artifact }
                var seen = artifact
                seen.uri = rebased(artifact.uri, workspace: workspacePath)
                seen.metadata[flag] = nil
                return seen
            }
        }
    }
}
