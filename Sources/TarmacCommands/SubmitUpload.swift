import Basics
import ClusterAPI
import Foundation
import PipelineIR

/// `submit --upload NAME`: the pipeline uploaded as an SDK user does it, then run by version reference.
/// `get_pipeline_id(NAME)`; none → `upload_pipeline(file, pipeline_name=NAME, namespace=)` and the version the server
/// made (`list_pipeline_versions(id, page_size=1, sort_by="created_at desc")`); one →
/// `upload_pipeline_version(file, pipeline_version_name=, pipeline_id=)`.
enum SubmitUpload {
    /// The version uploaded, and whether its pipeline was new.
    struct Uploaded {
        let version: PipelineVersion
        let newPipeline: Bool
    }

    /// Uploads `path` under the pipeline `name`; `versionName` names a new version of an existing pipeline.
    static func upload(path: String, name: String, versionName: String, namespace: String?, client: ClusterClient,
                       quiet: Bool) throws -> Uploaded {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw UsageError("--upload needs a pipeline name that is not empty or only whitespace")
        }
        guard let content = FileManager.default.contents(atPath: path) else {
            throw IRError("cannot read the pipeline file to upload", at: .path(path))
        }
        let file = UploadFile(fileName: (path as NSString).lastPathComponent, content: content)
        let boundary = UploadFile.randomBoundary()
        let found = try client.call(Endpoints.findPipeline(named: name), as: PipelineList.self).pipelines ?? []
        if found.count > 1 {
            throw UsageError("\(found.count) pipelines are named '\(name)' on \(client.host.authority)",
                             hint: "the name needs to be unique (as kfp.Client.get_pipeline_id requires): rename one, or pass another --upload")
        }
        let uploaded: Uploaded
        if let existing = found.first {
            let version = try client.call(Endpoints.uploadPipelineVersion(file, name: versionName, pipelineID: existing.pipelineID,
                                                                          boundary: boundary), as: PipelineVersion.self)
            uploaded = Uploaded(version: version, newPipeline: false)
        } else {
            let pipeline = try client.call(Endpoints.uploadPipeline(file, name: name, namespace: namespace, boundary: boundary),
                                           as: Pipeline.self)
            let versions = try client.call(Endpoints.newestPipelineVersion(of: pipeline.pipelineID), as: PipelineVersionList.self)
            guard let first = versions.pipelineVersions?.first else {
                let request = Endpoints.newestPipelineVersion(of: pipeline.pipelineID)
                throw ClusterAPIError(.badReply, "the KFP API at \(client.host.authority) uploaded pipeline '\(name)' "
                                      + "(\(pipeline.pipelineID)) but lists no version of it",
                                      at: "\(request.method.rawValue) \(client.host.url(path: request.path, query: request.query))")
            }
            uploaded = Uploaded(version: first, newPipeline: true)
        }
        if !quiet {
            let what = uploaded.newPipeline ? "new pipeline '\(name)'" : "version '\(uploaded.version.displayName ?? versionName)' of pipeline '\(name)'"
            Console.error("tarmac: uploaded \(what)  \(client.host.pipelineVersionLink(uploaded.version.reference))")
        }
        return uploaded
    }
}
