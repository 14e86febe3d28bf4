import Basics
import Foundation
import Testing
@testable import ClusterAPI

@Suite struct HostAndCredentialTests {
    @Test func hostKeepsItsPathPrefixAndDropsTrailingSlashes() throws {
        let host = try ClusterHost(parsing: "https://kfp.example.com/pipeline/")
        #expect(host.base == "https://kfp.example.com/pipeline")
        #expect(host.authority == "kfp.example.com")
        #expect(host.usesTLS)
        #expect(host.url(path: "/apis/v2beta1/runs") == "https://kfp.example.com/pipeline/apis/v2beta1/runs")
        #expect(host.runLink("r1") == "https://kfp.example.com/pipeline/#/runs/details/r1")
        let local = try ClusterHost(parsing: "http://127.0.0.1:8888")
        #expect(local.authority == "127.0.0.1:8888")
        #expect(local.url(path: "/x", query: [QueryItem("filter", "{\"a\": 1}"), QueryItem("namespace", "")])
                == "http://127.0.0.1:8888/x?filter=%7B%22a%22%3A%201%7D&namespace=")
    }

    @Test(arguments: ["127.0.0.1:8888", "kfp.example.com", "ftp://x", "http://", "http://h/?q=1", ""])
    func hostsWithoutSchemeOrHostAreUsageErrors(_ text: String) {
        let error = #expect(throws: ClusterAPIError.self) { try ClusterHost(parsing: text) }
        #expect(error?.kind == .badHost)
        #expect(error?.exitCode == .usage)
        #expect(error?.hint?.contains("http://") == true)
    }

    @Test func tokenGoesInAuthorizationAndIsNeverDescribed() {
        let credentials = Credentials(token: "s3cret-token\n", tokenSource: "--token-file /t", headers: [("Cookie", "c=1")])
        #expect(credentials.token == "s3cret-token")
        #expect(credentials.headerFields.map(\.name) == ["Authorization", "Cookie"])
        #expect(credentials.headerFields.first?.value == "Bearer s3cret-token")
        #expect(!credentials.description.contains("s3cret"))
        #expect(!credentials.sentDescription.contains("c=1"))
        #expect(credentials.sentDescription == "the bearer token from --token-file /t and the header Cookie")
        #expect(Credentials(token: "  ", tokenSource: "KFP_TOKEN").headerFields.isEmpty)
        #expect(Credentials.none.sentDescription == "no credentials")
    }

    @Test func retriesBackOffAndStop() {
        let policy = RetryPolicy(attempts: 5, firstDelay: 0.5, maxDelay: 2)
        #expect((1...4).map(policy.delay(afterAttempt:)) == [0.5, 1, 2, 2])
        #expect(RetryPolicy.retriedStatuses == [502, 503, 504])
        #expect(RetryPolicy(attempts: 0).attempts == 1)
    }

    @Test func serverMessagePrefersTheMessageField() {
        #expect(ResponseErrors.serverMessage(Data(#"{"error":"e","code":5,"message":"run not found"}"#.utf8)) == "run not found")
        #expect(ResponseErrors.serverMessage(Data(#"{"error":"only error"}"#.utf8)) == "only error")
        #expect(ResponseErrors.serverMessage(Data("<html>\nBad gateway</html>".utf8)) == "<html> Bad gateway</html>")
        #expect(ResponseErrors.serverMessage(Data()) == nil)
    }

    @Test func exitCodesFollowTheKind() {
        #expect(ClusterAPIError(.unreachable, "m", at: "x").exitCode == .environment)
        #expect(ClusterAPIError(.unauthorized, "m", at: "x").exitCode == .environment)
        #expect(ClusterAPIError(.notFound, "m", at: "x").exitCode == .invalidInput)
        #expect(ClusterAPIError(.status(400), "m", at: "x").exitCode == .invalidInput)
        #expect(ClusterAPIError(.status(500), "m", at: "x").exitCode == .environment)
    }
}
