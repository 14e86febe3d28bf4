import Basics
import Foundation
import Testing
@testable import ClusterAPI

/// The requests are built as `kfp.Client` builds them (the contract test in python/tests checks the wire).
@Suite struct RequestBuildingTests {
    private func json(_ request: APIRequest) throws -> [String: Any] {
        let body = try #require(request.body)
        return try #require(JSONSerialization.jsonObject(with: body) as? [String: Any])
    }

    @Test func createRunCarriesEveryField() throws {
        let run = NewRun(displayName: "train 1", experimentID: "e-1", pipelineSpec: .object(["pipelineInfo": .object(["name": .string("p")])]),
                         runtimeConfig: RuntimeConfig(parameters: ["n": .number(3), "lr": .number(0.5), "on": .bool(true),
                                                                   "tags": .array([.string("a")]), "s": .string("x")],
                                                      pipelineRoot: "gs://bucket/root"),
                         serviceAccount: "runner")
        let request = Endpoints.createRun(run)
        #expect(request.method == .post)
        #expect(request.path == "/apis/v2beta1/runs")
        let body = try json(request)
        #expect(body["display_name"] as? String == "train 1")
        #expect(body["experiment_id"] as? String == "e-1")
        #expect(body["service_account"] as? String == "runner")
        let config = try #require(body["runtime_config"] as? [String: Any])
        #expect(config["pipeline_root"] as? String == "gs://bucket/root")
        let parameters = try #require(config["parameters"] as? [String: Any])
        #expect(parameters["n"] as? Int == 3)
        #expect(parameters["lr"] as? Double == 0.5)
        #expect(parameters["on"] as? Bool == true)
        #expect(parameters["tags"] as? [String] == ["a"])
        #expect(parameters["s"] as? String == "x")
        let data = try #require(request.body)
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text.contains("\"n\":3"), "integral numbers are written as integers, as Python's json does")
    }

    @Test func optionalFieldsAreLeftOutAndParametersAlwaysSent() throws {
        let run = NewRun(displayName: "r", experimentID: nil, pipelineSpec: .object([:]),
                         runtimeConfig: RuntimeConfig(parameters: [:], pipelineRoot: nil), serviceAccount: nil)
        let body = try json(Endpoints.createRun(run))
        #expect(Set(body.keys) == ["display_name", "pipeline_spec", "runtime_config"])
        let config = try #require(body["runtime_config"] as? [String: Any])
        #expect(Set(config.keys) == ["parameters"])
    }

    @Test func platformDocumentsBecomePlatformSpec() {
        let first = JSONValue.object(["pipelineInfo": .object(["name": .string("p")])])
        #expect(NewRun.pipelineSpec(documents: [first]) == first)
        let second = JSONValue.object(["platforms": .object(["kubernetes": .object([:])])])
        #expect(NewRun.pipelineSpec(documents: [first, second])
                == .object(["pipeline_spec": first, "platform_spec": second]))
    }

    @Test func experimentLookupFilterIsTheSDKsJSONText() {
        let request = Endpoints.findExperiment(named: "My \"exp\" é", namespace: "team-a")
        #expect(request.method == .get)
        #expect(request.path == "/apis/v2beta1/experiments")
        #expect(request.query == [
            QueryItem("filter", #"{"predicates": [{"operation": 1, "key": "display_name", "stringValue": "My \"exp\" \u00e9"}]}"#),
            QueryItem("namespace", "team-a"),
        ])
        #expect(Endpoints.findExperiment(named: "x", namespace: nil).query.count == 1)
    }

    @Test func createExperimentBody() throws {
        let body = try json(Endpoints.createExperiment(NewExperiment(displayName: "Default", namespace: "")))
        #expect(body["display_name"] as? String == "Default")
        #expect(body["namespace"] as? String == "")
    }

    @Test func runPathsEscapeTheID() {
        #expect(Endpoints.getRun("abc-123").path == "/apis/v2beta1/runs/abc-123")
        #expect(Endpoints.getRun("a/b").path == "/apis/v2beta1/runs/a%2Fb")
        #expect(Endpoints.terminateRun("abc").path == "/apis/v2beta1/runs/abc:terminate")
        #expect(Endpoints.terminateRun("abc").method == .post)
        #expect(!Endpoints.terminateRun("abc").isIdempotent)
        #expect(Endpoints.getRun("abc").isIdempotent)
    }
}
