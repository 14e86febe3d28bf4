import Basics
import Foundation
import Hummingbird

/// The bearer token a browser must show when `tarmac ui` listens beyond loopback (`--host 0.0.0.0`).
///
/// It is accepted as `?token=` (the printed URL; a cookie is then set so that links keep working),
/// as the `tarmac_ui_token` cookie, or as `Authorization: Bearer`. Anything else gets 401.
public struct AccessToken: Sendable, Equatable {
    /// The secret.
    public let value: String

    /// The name of the cookie that carries the token after the first visit.
    public static let cookieName = "tarmac_ui_token"

    /// A token with `value`.
    public init(_ value: String) { self.value = value }

    /// A new random token (32 hex digits from the system's random source).
    public static func generate() -> AccessToken {
        AccessToken(Digest.randomHex(bytes: 16))
    }

    /// Whether `candidate` is the token, compared in constant time.
    public func matches(_ candidate: String?) -> Bool {
        guard let candidate else { return false }
        let (a, b) = (Array(value.utf8), Array(candidate.utf8))
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Whether `host` only accepts connections from this machine.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

/// Refuses (401) every request that does not carry the ``AccessToken``.
struct AccessTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: AccessToken

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let query = request.uri.queryParameters.get("token")
        let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        let cookie = request.cookies[AccessToken.cookieName]?.value
        guard token.matches(query) || token.matches(bearer) || token.matches(cookie) else {
            return Response(status: .unauthorized, headers: [.contentType: "text/plain; charset=utf-8", .wwwAuthenticate: "Bearer"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: "401: this tarmac ui needs its token (open the URL it printed)\n")))
        }
        var response = try await next(request, context)
        if token.matches(query) {
            response.headers[.setCookie] = "\(AccessToken.cookieName)=\(token.value); Path=/; HttpOnly; SameSite=Strict"
        }
        return response
    }
}
