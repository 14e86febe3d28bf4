import Foundation

/// What a request carries to authenticate: a bearer token (as `kfp.Client(existing_token=)` sends it)
/// and extra headers (`--header`, e.g. an IAP or ingress cookie). Never printed: `description` redacts.
public struct Credentials: Sendable, CustomStringConvertible {
    /// The bearer token, if any.
    public let token: String?
    /// Where the token came from, for a 401/403's hint (`--token`, `KFP_TOKEN`, `--token-file F`).
    public let tokenSource: String?
    /// Extra headers, in order.
    public let headers: [(name: String, value: String)]

    /// Credentials; `token` is trimmed of surrounding whitespace (a token file's final newline).
    public init(token: String?, tokenSource: String?, headers: [(name: String, value: String)] = []) {
        let trimmed = token?.trimmingCharacters(in: .whitespacesAndNewlines)
        self.token = trimmed?.isEmpty == false ? trimmed : nil
        self.tokenSource = self.token == nil ? nil : tokenSource
        self.headers = headers
    }

    /// No token, no headers.
    public static let none = Credentials(token: nil, tokenSource: nil)

    /// The header fields a request carries: `Authorization: Bearer …` first, then the extra headers.
    public var headerFields: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        if let token { fields.append((name: "Authorization", value: "Bearer " + token)) }
        return fields + headers
    }

    /// What a 401/403 hint names: the credentials that were sent, never their values.
    public var sentDescription: String {
        var parts: [String] = []
        if let tokenSource { parts.append("the bearer token from \(tokenSource)") }
        if !headers.isEmpty { parts.append("the header\(headers.count == 1 ? "" : "s") " + headers.map(\.name).joined(separator: ", ")) }
        return parts.isEmpty ? "no credentials" : parts.joined(separator: " and ")
    }

    public var description: String { "Credentials(\(sentDescription))" }
}
