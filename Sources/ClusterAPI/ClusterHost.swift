import Foundation

/// The base address of a KFP deployment's API (`--host`), e.g. `https://kfp.example.com` or
/// `http://127.0.0.1:8888/pipeline`: a scheme and a host, an optional path prefix, no trailing slash.
public struct ClusterHost: Sendable, Equatable, CustomStringConvertible {
    /// The base address as given, without a trailing slash.
    public let base: String
    /// The host name (and port), for error messages.
    public let authority: String
    /// True for `https://`.
    public let usesTLS: Bool

    /// Parses `text`; a missing or unknown scheme, or no host, is a usage error.
    public init(parsing text: String) throws(ClusterAPIError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              ["http", "https"].contains(scheme) else {
            throw ClusterAPIError.badHost(text, reason: "it has no http:// or https:// scheme")
        }
        guard let host = components.host, !host.isEmpty else {
            throw ClusterAPIError.badHost(text, reason: "it names no host")
        }
        guard components.query == nil, components.fragment == nil else {
            throw ClusterAPIError.badHost(text, reason: "it has a query or a fragment")
        }
        var base = trimmed
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
        self.authority = components.port.map { "\(host):\($0)" } ?? host
        self.usesTLS = scheme == "https"
    }

    /// The full URL of `path` (which starts with `/`) with `query` percent-encoded.
    public func url(path: String, query: [QueryItem] = []) -> String {
        guard !query.isEmpty else { return base + path }
        return base + path + "?" + query.map { "\(Self.encode($0.name))=\(Self.encode($0.value))" }.joined(separator: "&")
    }

    /// The KFP UI page of a run, as the SDK prints it.
    public func runLink(_ runID: String) -> String { base + "/#/runs/details/" + runID }

    /// The KFP UI page of an experiment.
    public func experimentLink(_ experimentID: String) -> String { base + "/#/experiments/details/" + experimentID }

    /// The KFP UI page of a pipeline version, as `upload_pipeline_version` prints it.
    public func pipelineVersionLink(_ version: PipelineVersionReference) -> String {
        base + "/#/pipelines/details/" + version.pipelineID + "/version/" + version.pipelineVersionID
    }

    public var description: String { base }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}

/// One `name=value` pair of a query string.
public struct QueryItem: Sendable, Equatable {
    /// The parameter's name.
    public let name: String
    /// Its value, not yet encoded.
    public let value: String

    /// A query pair.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
