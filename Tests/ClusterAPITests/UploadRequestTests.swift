import Foundation
import Testing
@testable import ClusterAPI

/// The upload requests are built as kfp_server_api builds them (python/tests/test_submit.py checks the wire).
@Suite struct UploadRequestTests {
    private let file = UploadFile(fileName: "pipeline.yaml", content: Data("a: 1\r\nb: é\n".utf8))

    @Test func uploadPipelineSendsTheNameNamespaceAndOneFilePart() throws {
        let request = Endpoints.uploadPipeline(file, name: "my pipeline", namespace: "team-a", boundary: "b0b")
        #expect(request.method == .post)
        #expect(request.path == "/apis/v2beta1/pipelines/upload")
        #expect(request.query == [QueryItem("name", "my pipeline"), QueryItem("namespace", "team-a")])
        #expect(request.contentType == "multipart/form-data; boundary=b0b")
        let expected = "--b0b\r\nContent-Disposition: form-data; name=\"uploadfile\"; filename=\"pipeline.yaml\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\na: 1\r\nb: é\n\r\n--b0b--\r\n"
        #expect(request.body == Data(expected.utf8))
        #expect(Endpoints.uploadPipeline(file, name: "p", namespace: nil, boundary: "x").query == [QueryItem("name", "p")])
    }

    @Test func uploadVersionSendsTheVersionNameAndPipelineID() {
        let request = Endpoints.uploadPipelineVersion(file, name: "v2", pipelineID: "pl-1", boundary: "x")
        #expect(request.path == "/apis/v2beta1/pipelines/upload_version")
        #expect(request.query == [QueryItem("name", "v2"), QueryItem("pipelineid", "pl-1")])
        #expect(!request.isIdempotent, "an upload is not repeated after a connection reset")
    }

    @Test func pipelineLookupAndNewestVersion() {
        #expect(Endpoints.findPipeline(named: "p \"q\"").query
                == [QueryItem("filter", "{\"predicates\": [{\"operation\": 1, \"key\": \"display_name\", \"stringValue\": \"p \\\"q\\\"\"}]}")])
        let newest = Endpoints.newestPipelineVersion(of: "pl/1")
        #expect(newest.path == "/apis/v2beta1/pipelines/pl%2F1/versions")
        #expect(newest.query.map(\.name) == ["page_token", "page_size", "sort_by"])
    }

    @Test func fileNamesAreEscapedAsUrllib3DoesAndBoundariesDiffer() throws {
        let odd = UploadFile(fileName: "a\"b\n.yaml", content: Data())
        let text = try #require(String(data: odd.multipartBody(boundary: "z"), encoding: .utf8))
        #expect(text.contains("filename=\"a%22b%0A.yaml\""))
        #expect(UploadFile.randomBoundary().count == 32)
        #expect(UploadFile.randomBoundary() != UploadFile.randomBoundary())
    }

    @Test func aRunOfAVersionCarriesTheReferenceAndNoSpec() throws {
        let run = NewRun(displayName: "r", experimentID: "e", version: PipelineVersionReference(pipelineID: "pl-1", pipelineVersionID: "pv-2"),
                         runtimeConfig: RuntimeConfig(parameters: [:], pipelineRoot: nil), serviceAccount: nil)
        let data = try #require(Endpoints.createRun(run).body)
        let body = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(body.keys) == ["display_name", "experiment_id", "pipeline_version_reference", "runtime_config"])
        #expect(body["pipeline_version_reference"] as? [String: String] == ["pipeline_id": "pl-1", "pipeline_version_id": "pv-2"])
    }
}
