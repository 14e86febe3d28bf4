import Basics

/// A failed call of the KFP API: it names the host, the endpoint, the HTTP status and the server's `message`.
public struct ClusterAPIError: TarmacError, CustomStringConvertible {
    /// What kind of failure, which sets the exit code.
    public enum Kind: Sendable, Equatable {
        /// `--host` is not an http(s) URL (exit 2).
        case badHost
        /// No connection (refused, no route, DNS, TLS handshake) or it dropped (exit 74).
        case unreachable
        /// No complete answer within the request timeout (exit 74).
        case timedOut
        /// 401 or 403: the credentials (exit 74).
        case unauthorized
        /// 404: the run, experiment or endpoint does not exist (exit 65).
        case notFound
        /// Any other non-2xx status; 5xx after the retries (exit 74), 4xx (exit 65).
        case status(Int)
        /// A 2xx answer that is not the JSON expected (exit 74).
        case badReply
    }

    /// The kind.
    public let kind: Kind
    /// One sentence.
    public let message: String
    /// `METHOD URL`, or the host.
    public let whereText: String
    /// What to do.
    public let hint: String?

    /// An error; `whereText` is the endpoint.
    public init(_ kind: Kind, _ message: String, at whereText: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.whereText = whereText
        self.hint = hint
    }

    public var location: Location? { .option(whereText) }

    public var exitCode: ExitCode {
        switch kind {
        case .badHost: return .usage
        case .notFound: return .invalidInput
        case .status(let code) where code < 500: return .invalidInput
        default: return .environment
        }
    }

    public var description: String { message }

    /// A `--host` that cannot be used.
    static func badHost(_ text: String, reason: String) -> ClusterAPIError {
        ClusterAPIError(.badHost, "'\(text)' is not a KFP API address: \(reason)", at: "--host",
                        hint: "give the full URL, e.g. --host http://127.0.0.1:8888 or https://kfp.example.com/pipeline")
    }
}
