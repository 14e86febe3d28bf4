import Foundation

/// One call of the KFP REST API, built without a socket: method, path, query and JSON body.
public struct APIRequest: Sendable, Equatable {
    /// The HTTP methods the API uses here.
    public enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
    }

    /// GET or POST.
    public let method: Method
    /// The path under the host, e.g. `/apis/v2beta1/runs`.
    public let path: String
    /// Query parameters, in order.
    public let query: [QueryItem]
    /// The body, if any: JSON text unless `contentType` says otherwise.
    public let body: Data?
    /// The `Content-Type` header: `application/json` (sent on every request, as kfp_server_api does), or a multipart type.
    public let contentType: String

    /// A request; `body` is JSON text unless `contentType` is given.
    public init(_ method: Method, _ path: String, query: [QueryItem] = [], body: Data? = nil,
                contentType: String = "application/json") {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.contentType = contentType
    }

    /// `METHOD /path`, as errors name the endpoint.
    public var endpoint: String { "\(method.rawValue) \(path)" }

    /// Whether sending it twice is harmless (a connection reset is retried only then).
    public var isIdempotent: Bool { method == .get }
}

/// The requests Tarmac sends, shaped as `kfp.Client` (kfp 2.17.3, kfp_server_api) shapes them.
public enum Endpoints {
    /// `GET /apis/v2beta1/experiments?filter=…[&namespace=…]`: the experiment whose display name is `name`
    /// (`Client.get_experiment(experiment_name=)`; the namespace is sent whenever the SDK's is not None).
    public static func findExperiment(named name: String, namespace: String?) -> APIRequest {
        var query = [QueryItem("filter", displayNameFilter(name))]
        if let namespace { query.append(QueryItem("namespace", namespace)) }
        return APIRequest(.get, "/apis/v2beta1/experiments", query: query)
    }

    /// `POST /apis/v2beta1/experiments` (`Client.create_experiment`).
    public static func createExperiment(_ experiment: NewExperiment) -> APIRequest {
        APIRequest(.post, "/apis/v2beta1/experiments", body: encode(experiment))
    }

    /// `POST /apis/v2beta1/runs` (`Client.run_pipeline`).
    public static func createRun(_ run: NewRun) -> APIRequest {
        APIRequest(.post, "/apis/v2beta1/runs", body: encode(run))
    }

    /// `GET /apis/v2beta1/runs/{id}` (`Client.get_run`).
    public static func getRun(_ runID: String) -> APIRequest {
        APIRequest(.get, "/apis/v2beta1/runs/" + ClusterHost.encode(runID))
    }

    /// `POST /apis/v2beta1/runs/{id}:terminate` (`Client.terminate_run`).
    public static func terminateRun(_ runID: String) -> APIRequest {
        APIRequest(.post, "/apis/v2beta1/runs/" + ClusterHost.encode(runID) + ":terminate")
    }

    /// The filter text `Client.get_experiment` and `get_pipeline_id` send: Python's `json.dumps` of one EQUALS predicate.
    static func displayNameFilter(_ name: String) -> String {
        var quoted = ""
        PythonJSON.writeString(name, into: &quoted)
        return "{\"predicates\": [{\"operation\": 1, \"key\": \"display_name\", \"stringValue\": \(quoted)}]}"
    }

    static func encode<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)  // the models hold only strings and JSON values
    }
}

/// Python's `json.dumps` string quoting (ASCII only, `\uXXXX` escapes), so a filter matches the SDK's byte for byte.
enum PythonJSON {
    static func writeString(_ text: String, into out: inout String) {
        out += "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20..<0x7F: out.unicodeScalars.append(UnicodeScalar(UInt8(unit)))
            default: out += String(format: "\\u%04x", unit)
            }
        }
        out += "\""
    }
}
