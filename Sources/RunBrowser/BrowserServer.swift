import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Reporting
import RunDatabase
import ServiceLifecycle

/// How `tarmac ui` serves a store.
public struct BrowserConfiguration: Sendable {
    /// The address to listen on (`127.0.0.1` unless told otherwise).
    public var host = "127.0.0.1"
    /// The port; 0 picks a free one.
    public var port = 0
    /// The token every request must carry, or nil (loopback only).
    public var token: AccessToken?
    /// The store directory: files under it (logs, artifacts, objects) may be downloaded.
    public var storeDirectory: String
    /// What the command layer adds to a task's panel.
    public var notes: TaskNotes
    /// Removes one cache entry as `tarmac cache` does (given by the command layer, which owns that code path);
    /// nil unless `--allow-delete`: then the Cache page has no delete button and a delete POST answers 403.
    public var deleteCacheEntry: (@Sendable (CacheEntry) throws -> String)?

    /// A configuration serving `storeDirectory` on loopback, a free port, no token.
    public init(storeDirectory: String, notes: TaskNotes = .none) {
        self.storeDirectory = storeDirectory
        self.notes = notes
    }
}

/// The HTTP server of `tarmac ui` (Hummingbird): the routes, each a read of the store rendered to HTML.
public enum BrowserServer {
    /// Serves until the process ends; `listening` gets the URL (with the token, if any) once the socket is bound.
    public static func run(_ configuration: BrowserConfiguration, store: RunStore,
                           listening: @escaping @Sendable (String) -> Void) async throws {
        let router = Router()
        if let token = configuration.token { router.add(middleware: AccessTokenMiddleware(token: token)) }
        router.add(middleware: SecurityHeaders())
        BrowserRoutes(store: store, configuration: configuration).add(to: router)
        var logger = Logger(label: "tarmac.ui", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .warning
        let app = Application(
            router: router, configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
                listening("http://\(host):\(port)/" + (configuration.token.map { "?token=\($0.value)" } ?? ""))
            },
            logger: logger)
        // Ctrl-C ends the process (nothing to save); cancelling this task (the tests) shuts the server down gracefully
        // rather than cancelling it mid-run, which Hummingbird would log as an error.
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let serving = Task { try await group.run() }
        try await withTaskCancellationHandler { try await serving.value } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
    }
}

/// The headers of every response: the pages' Content-Security-Policy, no sniffing, no referrer, no caching.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if response.headers[.contentSecurityPolicy] == nil { response.headers[.contentSecurityPolicy] = PageFrame.contentSecurityPolicy }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
