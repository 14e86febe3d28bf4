import Foundation
import Glibc
import Planner

extension Scheduler {
    /// `dsl.importer(..., download_to_workspace=True)`: copies the imported file or directory at `local` into the
    /// run's workspace, where the backend's importer downloads it (component/importer_launcher.go:
    /// `<workspace>/.artifacts/<local path of the URI>`, `LocalWorkspacePathForURI`); consumers read it there
    /// (`WorkspaceArtifacts`). No link is followed and no special file is opened.
    func downloadToWorkspace(_ local: String, task: String) throws {
        guard let workspace = context.workspaceDirectory else {
            throw TaskFailure("the importer downloads to the workspace (download_to_workspace=True), but the pipeline has none; "
                              + "give it dsl.PipelineConfig(workspace=dsl.WorkspaceConfig(size=...))")
        }
        var info = stat()
        guard lstat(local, &info) == 0 else {
            throw TaskFailure("the importer downloads \(local) to the workspace (download_to_workspace=True), but it does not exist")
        }
        if let unsafe = try SafeTree.firstUnsafeEntry(local) {
            throw TaskFailure("the importer's \(local) holds \(unsafe.kind) at \(unsafe.path); it was not copied to the workspace "
                              + "(Tarmac never follows a link or opens a special file)")
        }
        try SafeTree.copy(local, to: WorkspaceArtifacts.rebased(local, workspace: workspace))
    }
}
