import Foundation

/// Turns a non-2xx answer into an error naming the host, the endpoint, the status and the server's `message`.
enum ResponseErrors {
    static func error(for response: APIResponse, request: APIRequest, client: ClusterClient, attempts: Int) -> ClusterAPIError {
        let host = client.host.authority
        let said = serverMessage(response.body).map { ": \($0)" } ?? ""
        let tries = attempts > 1 ? " after \(attempts) attempts" : ""
        let text = "the KFP API at \(host) answered \(request.endpoint) with HTTP \(response.status) \(reason(response.status))\(tries)\(said)"
        let at = client.endpointText(request)
        switch response.status {
        case 401:
            return ClusterAPIError(.unauthorized, text, at: at,
                                   hint: "Tarmac sent \(client.credentials.sentDescription); the server did not accept it: "
                                       + "pass a valid token with --token, KFP_TOKEN or --token-file (or the ingress's --header)")
        case 403:
            return ClusterAPIError(.unauthorized, text, at: at,
                                   hint: "Tarmac sent \(client.credentials.sentDescription), which the server knows but does not allow "
                                       + "this: check the account's access to the namespace (--namespace)")
        case 404:
            return ClusterAPIError(.notFound, text, at: at,
                                   hint: request.path.hasPrefix("/apis/v2beta1/runs/") ? "check the run id (tarmac watch RUN)"
                                       : "is --host a KFP v2 API (KFP 2.0 or later)?")
        default:
            return ClusterAPIError(.status(response.status), text, at: at)
        }
    }

    /// The `message` (else `error`) field of a JSON error body, else the start of a text body.
    static func serverMessage(_ body: Data) -> String? {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] {
            for key in ["message", "error"] {
                if let text = object[key] as? String, !text.isEmpty { return text }
            }
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text.replacingOccurrences(of: "\n", with: " ")
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 409: return "Conflict"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return ""
        }
    }
}
