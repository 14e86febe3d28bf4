import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import RunDatabase
import Testing
@testable import RunBrowser

/// A real `BrowserServer` on a free loopback port, stopped by cancelling its task.
struct ServedStore {
    let url: String
    let server: Task<Void, Error>

    static func start(_ fixture: BrowserFixture, token: AccessToken?,
                      deleteCacheEntry: (@Sendable (CacheEntry) throws -> String)? = nil) async throws -> ServedStore {
        var configuration = BrowserConfiguration(storeDirectory: fixture.directory)
        configuration.token = token
        configuration.deleteCacheEntry = deleteCacheEntry
        let (urls, continuation) = AsyncStream.makeStream(of: String.self)
        let server = Task { try await BrowserServer.run(configuration, store: fixture.store) { continuation.yield($0) } }
        var iterator = urls.makeAsyncIterator()
        guard let url = await iterator.next() else { throw CancellationError() }
        return ServedStore(url: url, server: server)
    }

    /// GET `path` (appended to the server's root), with `cookie` if given: status, headers, body.
    func get(_ path: String, cookie: String? = nil) async throws -> (status: Int, headers: [AnyHashable: Any], body: String) {
        let root = String(url.split(separator: "?")[0])
        var request = URLRequest(url: URL(string: root + String(path.dropFirst()))!)
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return (http.statusCode, http.allHeaderFields, String(decoding: data, as: UTF8.self))
    }

    /// POST the form `body` to `path` with `headers`, not following a redirect: status, headers, body.
    func post(_ path: String, _ body: String, headers: [String: String]) async throws -> (status: Int, headers: [AnyHashable: Any], body: String) {
        let root = String(url.split(separator: "?")[0])
        var request = URLRequest(url: URL(string: root + String(path.dropFirst()))!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let session = URLSession(configuration: .ephemeral, delegate: NoRedirects(), delegateQueue: nil)
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        return (http.statusCode, http.allHeaderFields, String(decoding: data, as: UTF8.self))
    }

    /// The `host:port` of the server.
    var authority: String { String(url.split(separator: "/")[1]) }
}

/// Keeps a 303 as the answer.
final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

@Suite("BrowserServer over HTTP: token, CSP, downloads refused outside the store")
struct BrowserServerTests {
    @Test("with a token, a request without it gets 401; with it, the page and its CSP")
    func tokenRequired() async throws {
        let fixture = try BrowserFixture()
        try fixture.run("eeee5555", pipeline: "iris")
        let served = try await ServedStore.start(fixture, token: AccessToken("token-for-tests"))
        defer { served.server.cancel() }
        #expect(served.url.hasPrefix("http://127.0.0.1:") && served.url.hasSuffix("/?token=token-for-tests"))
        #expect(try await served.get("/").status == 401)
        #expect(try await served.get("/runs/eeee5555").status == 401)
        #expect(try await served.get("/?token=wrong-token-xx").status == 401)
        #expect(try await served.get("/", cookie: "tarmac_ui_token=wrong").status == 401)
        let page = try await served.get("/?token=token-for-tests")
        #expect(page.status == 200 && page.body.contains("data-run=\"eeee5555\""))
        let csp = page.headers["Content-Security-Policy"] as? String ?? ""
        #expect(csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"), Comment(rawValue: csp))
        #expect(try await served.get("/runs/eeee5555", cookie: "tarmac_ui_token=token-for-tests").status == 200)
    }

    @Test("downloads: a file inside the pipeline root is sent as an attachment; '..' and a symlink out are 403")
    func traversalRefused() async throws {
        let fixture = try BrowserFixture()
        let run = try fixture.run("ffff6666")
        let directory = run.pipelineRoot + "/demo/ffff6666/task"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "<script>alert(1)</script>".write(toFile: directory + "/page.html", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: directory + "/passwd", withDestinationPath: "/etc/passwd")
        let served = try await ServedStore.start(fixture, token: nil)
        defer { served.server.cancel() }
        let inside = try await served.get("/runs/ffff6666/file?path=" + RunsQuery.encode(directory + "/page.html"))
        #expect(inside.status == 200 && inside.body == "<script>alert(1)</script>")
        #expect((inside.headers["Content-Disposition"] as? String ?? "").hasPrefix("attachment"))
        #expect(inside.headers["Content-Type"] as? String == "application/octet-stream")
        let dotdot = try await served.get("/runs/ffff6666/file?path=" + RunsQuery.encode(directory + "/../../../../../../etc/passwd"))
        #expect(dotdot.status == 403 && !dotdot.body.contains("root:"))
        let link = try await served.get("/runs/ffff6666/file?path=" + RunsQuery.encode(directory + "/passwd"))
        #expect(link.status == 403 && !link.body.contains("root:"))
        #expect(try await served.get("/runs/ffff6666/file?path=%2Fetc%2Fpasswd").status == 403)
        #expect(try await served.get("/runs/nosuchrun").status == 404)
    }
}
