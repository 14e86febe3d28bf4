import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// How long to wait: for a connection, and for a whole request (each attempt).
public struct Timeouts: Sendable, Equatable {
    /// Seconds to establish a connection (TCP and TLS).
    public let connect: Double
    /// Seconds for one whole request, connection included.
    public let request: Double

    /// Timeouts in seconds.
    public init(connect: Double = 10, request: Double = 30) {
        self.connect = connect
        self.request = request
    }
}

/// TLS settings: verification stays on unless `skipVerify`; `caFile` adds a PEM trust root.
public struct TLSOptions: Sendable, Equatable {
    /// `--insecure-skip-tls-verify`.
    public let skipVerify: Bool
    /// `--ca-file`.
    public let caFile: String?

    /// TLS settings.
    public init(skipVerify: Bool = false, caFile: String? = nil) {
        self.skipVerify = skipVerify
        self.caFile = caFile
    }
}

/// A status and body the server sent.
public struct APIResponse: Sendable {
    /// The HTTP status code.
    public let status: Int
    /// The body bytes.
    public let body: Data
}

/// Sends `APIRequest`s to one KFP host over async-http-client (SwiftNIO, BoringSSL; no libcurl), with
/// timeouts and retries (`RetryPolicy`), and turns every failure into a `ClusterAPIError`. Call `shutdown()`.
public final class ClusterClient: Sendable {
    /// The host every request goes to.
    public let host: ClusterHost
    let credentials: Credentials
    let timeouts: Timeouts
    let retry: RetryPolicy
    private let http: HTTPClient

    /// A client for `host`; a CA file that cannot be read is an error here, before any request.
    public init(host: ClusterHost, credentials: Credentials, tls: TLSOptions = TLSOptions(), timeouts: Timeouts = Timeouts(),
                retry: RetryPolicy = RetryPolicy()) throws(ClusterAPIError) {
        var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
        if tls.skipVerify { tlsConfiguration.certificateVerification = .none }
        if let caFile = tls.caFile {
            do {
                tlsConfiguration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            } catch {
                throw ClusterAPIError(.badHost, "cannot read the CA file as PEM certificates: \(error)", at: "--ca-file \(caFile)")
            }
        }
        let timeout = HTTPClient.Configuration.Timeout(connect: .milliseconds(Int64(timeouts.connect * 1000)),
                                                       read: .milliseconds(Int64(timeouts.request * 1000)))
        let configuration = HTTPClient.Configuration(tlsConfiguration: tlsConfiguration, redirectConfiguration: .disallow,
                                                     timeout: timeout)
        self.http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        self.host = host
        self.credentials = credentials
        self.timeouts = timeouts
        self.retry = retry
    }

    /// Closes the connections.
    public func shutdown() { try? http.syncShutdown() }

    /// Sends `request` and decodes a 2xx answer as `T`.
    public func call<T: Decodable>(_ request: APIRequest, as type: T.Type) throws(ClusterAPIError) -> T {
        let response = try send(request)
        do {
            return try JSONDecoder().decode(T.self, from: response.body)
        } catch {
            throw ClusterAPIError(.badReply, "the KFP API at \(host.authority) answered \(request.endpoint) with HTTP \(response.status) "
                                  + "but not with the JSON expected (\(Self.snippet(response.body)))",
                                  at: endpointText(request), hint: "is --host the KFP API (ml-pipeline, or the UI's /pipeline address)?")
        }
    }

    /// Sends `request`, retrying as `retry` allows; returns a 2xx response or throws.
    public func send(_ request: APIRequest) throws(ClusterAPIError) -> APIResponse {
        var attempt = 1
        while true {
            let outcome = perform(request)
            let again = attempt < retry.attempts && RetryPolicy.shouldRetry(outcome, idempotent: request.isIdempotent)
            if again {
                Thread.sleep(forTimeInterval: retry.delay(afterAttempt: attempt))
                attempt += 1
                continue
            }
            switch outcome {
            case .answered(let response) where (200..<300).contains(response.status): return response
            case .answered(let response): throw ResponseErrors.error(for: response, request: request, client: self, attempts: attempt)
            case .failed(let error): throw transportError(error, request: request, attempts: attempt)
            }
        }
    }

    /// `METHOD URL` of a request.
    func endpointText(_ request: APIRequest) -> String {
        "\(request.method.rawValue) \(host.url(path: request.path, query: request.query))"
    }

    private func perform(_ request: APIRequest) -> Outcome {
        var headers = HTTPHeaders()
        headers.add(name: "Accept", value: "application/json")
        headers.add(name: "Content-Type", value: request.contentType)  // JSON on every request but uploads, as kfp_server_api sends it
        for field in credentials.headerFields { headers.add(name: field.name, value: field.value) }
        do {
            let outgoing = try HTTPClient.Request(url: host.url(path: request.path, query: request.query),
                                                  method: HTTPMethod(rawValue: request.method.rawValue), headers: headers,
                                                  body: request.body.map { HTTPClient.Body.bytes($0) })
            let deadline = NIODeadline.now() + .milliseconds(Int64(timeouts.request * 1000))
            let response = try http.execute(request: outgoing, deadline: deadline).wait()
            let bytes = response.body.map { Data($0.readableBytesView) } ?? Data()
            return .answered(APIResponse(status: Int(response.status.code), body: bytes))
        } catch {
            return .failed(error)
        }
    }

    private func transportError(_ error: Error, request: APIRequest, attempts: Int) -> ClusterAPIError {
        let tries = attempts > 1 ? " (\(attempts) attempts)" : ""
        if RetryPolicy.isTimeout(error) {
            return ClusterAPIError(.timedOut, "the KFP API at \(host.authority) did not answer \(request.endpoint) within "
                                   + "\(Self.seconds(timeouts.request))\(tries)", at: endpointText(request),
                                   hint: "check --host and that the API is reachable from here; --request-timeout sets the limit")
        }
        return ClusterAPIError(.unreachable, "cannot reach the KFP API at \(host.authority) for \(request.endpoint)\(tries): \(error)",
                               at: endpointText(request),
                               hint: "check --host (e.g. kubectl port-forward -n kubeflow svc/ml-pipeline-ui 8080:80, then --host http://127.0.0.1:8080)")
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    static func snippet(_ body: Data) -> String {
        guard !body.isEmpty else { return "an empty body" }
        let text = String(decoding: body.prefix(120), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        return "it begins '\(text)\(body.count > 120 ? "…" : "")'"
    }

    /// What one attempt gave.
    enum Outcome {
        case answered(APIResponse)
        case failed(Error)
    }
}
