import Basics
import Foundation

/// The pipeline-upload requests, shaped as `kfp.Client.get_pipeline_id`, `upload_pipeline`,
/// `upload_pipeline_version` and `list_pipeline_versions` (kfp 2.17.3, kfp_server_api) shape them.
extension Endpoints {
    /// `GET /apis/v2beta1/pipelines?filter=…` (`Client.get_pipeline_id`: no namespace, as the SDK sends none).
    public static func findPipeline(named name: String) -> APIRequest {
        APIRequest(.get, "/apis/v2beta1/pipelines", query: [QueryItem("filter", displayNameFilter(name))])
    }

    /// `POST /apis/v2beta1/pipelines/upload?name=…[&namespace=…]` with the file as the `uploadfile` part
    /// (`Client.upload_pipeline(pipeline_name=, namespace=)`; the server makes its first version, named as the pipeline).
    public static func uploadPipeline(_ file: UploadFile, name: String, namespace: String?, boundary: String) -> APIRequest {
        var query = [QueryItem("name", name)]
        if let namespace { query.append(QueryItem("namespace", namespace)) }
        return file.request("/apis/v2beta1/pipelines/upload", query: query, boundary: boundary)
    }

    /// `POST /apis/v2beta1/pipelines/upload_version?name=…&pipelineid=…` with the file as the `uploadfile` part
    /// (`Client.upload_pipeline_version(pipeline_version_name=, pipeline_id=)`).
    public static func uploadPipelineVersion(_ file: UploadFile, name: String, pipelineID: String, boundary: String) -> APIRequest {
        file.request("/apis/v2beta1/pipelines/upload_version",
                     query: [QueryItem("name", name), QueryItem("pipelineid", pipelineID)], boundary: boundary)
    }

    /// `GET /apis/v2beta1/pipelines/{id}/versions?page_token=&page_size=1&sort_by=created_at desc`
    /// (`Client.list_pipeline_versions(id, page_size=1, sort_by="created_at desc")`): the newest version.
    public static func newestPipelineVersion(of pipelineID: String) -> APIRequest {
        APIRequest(.get, "/apis/v2beta1/pipelines/" + ClusterHost.encode(pipelineID) + "/versions",
                   query: [QueryItem("page_token", ""), QueryItem("page_size", "1"), QueryItem("sort_by", "created_at desc")])
    }
}

/// A pipeline file as kfp_server_api's `files_parameters` sends it: its base name, its bytes and
/// `application/octet-stream` (what Python's `mimetypes` guesses for `.yaml` without /etc/mime.types).
public struct UploadFile: Sendable, Equatable {
    /// The file name the server sees (it checks the extension: `.yaml`, `.yml`, `.zip`, `.tar.gz`).
    public let fileName: String
    /// The file's bytes, unchanged.
    public let content: Data

    /// A file to upload.
    public init(fileName: String, content: Data) {
        self.fileName = fileName
        self.content = content
    }

    /// A random boundary, as urllib3's `choose_boundary` makes one (32 hex digits).
    public static func randomBoundary() -> String {
        Digest.randomHex(bytes: 16)
    }

    /// The `multipart/form-data` body with this file as the one `uploadfile` part (urllib3's `encode_multipart_formdata`).
    public func multipartBody(boundary: String) -> Data {
        var body = Data("--\(boundary)\r\n".utf8)
        let quotedName = fileName.replacingOccurrences(of: "\n", with: "%0A").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\"", with: "%22")  // urllib3 2's WHATWG escaping
        body.append(Data("Content-Disposition: form-data; name=\"uploadfile\"; filename=\"\(quotedName)\"\r\n".utf8))
        body.append(Data("Content-Type: application/octet-stream\r\n\r\n".utf8))
        body.append(content)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        return body
    }

    func request(_ path: String, query: [QueryItem], boundary: String) -> APIRequest {
        APIRequest(.post, path, query: query, body: multipartBody(boundary: boundary),
                   contentType: "multipart/form-data; boundary=\(boundary)")
    }
}

/// `V2beta1PipelineVersionReference`: the uploaded version a run uses.
public struct PipelineVersionReference: Codable, Sendable, Equatable {
    /// The pipeline's id.
    public let pipelineID: String
    /// The version's id.
    public let pipelineVersionID: String

    /// A reference to one version.
    public init(pipelineID: String, pipelineVersionID: String) {
        self.pipelineID = pipelineID
        self.pipelineVersionID = pipelineVersionID
    }

    enum CodingKeys: String, CodingKey {
        case pipelineID = "pipeline_id", pipelineVersionID = "pipeline_version_id"
    }
}

/// `V2beta1Pipeline` as the API returns it (only the fields Tarmac reads).
public struct Pipeline: Decodable, Sendable, Equatable {
    /// The pipeline's id.
    public let pipelineID: String
    /// Its name.
    public let displayName: String?

    enum CodingKeys: String, CodingKey {
        case pipelineID = "pipeline_id", displayName = "display_name"
    }
}

/// `V2beta1ListPipelinesResponse`.
public struct PipelineList: Decodable, Sendable {
    /// The matching pipelines (absent when none match).
    public let pipelines: [Pipeline]?
}

/// `V2beta1PipelineVersion` as the API returns it (only the fields Tarmac reads).
public struct PipelineVersion: Decodable, Sendable, Equatable {
    /// The pipeline it belongs to.
    public let pipelineID: String
    /// The version's id.
    public let pipelineVersionID: String
    /// Its name.
    public let displayName: String?

    /// The reference a run takes.
    public var reference: PipelineVersionReference {
        PipelineVersionReference(pipelineID: pipelineID, pipelineVersionID: pipelineVersionID)
    }

    enum CodingKeys: String, CodingKey {
        case pipelineID = "pipeline_id", pipelineVersionID = "pipeline_version_id", displayName = "display_name"
    }
}

/// `V2beta1ListPipelineVersionsResponse`.
public struct PipelineVersionList: Decodable, Sendable {
    /// The versions (absent when there are none).
    public let pipelineVersions: [PipelineVersion]?

    enum CodingKeys: String, CodingKey {
        case pipelineVersions = "pipeline_versions"
    }
}
