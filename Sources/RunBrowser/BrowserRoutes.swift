import Foundation
import HTTPTypes
import Hummingbird
import Reporting
import RunDatabase

/// The routes: `/` (Runs), `/runs/ID` (Run), `/runs/ID/file?path=` (downloads), the live feeds; the Compare,
/// lineage and Cache pages are in `BrowserRoutes+Pages`.
struct BrowserRoutes: Sendable {
    let store: RunStore
    let configuration: BrowserConfiguration

    var feeds: LiveFeeds { LiveFeeds(store: store) }

    /// Adds every route to `router`.
    func add(to router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in try runs(request) }
        router.get("/events/runs") { _, _ in EventStream.response { send in try await feeds.runs(send) } }
        router.get("/runs/:id") { request, context in try run(request, id: context.parameters.require("id")) }
        router.get("/runs/:id/events") { _, context in
            let id = try context.parameters.require("id")
            return EventStream.response { send in try await feeds.run(id, send) }
        }
        router.get("/runs/:id/log") { request, context in
            let id = try context.parameters.require("id")
            let task = try request.uri.queryParameters.require("task")
            let attempt = request.uri.queryParameters.get("attempt", as: Int.self) ?? 1
            return EventStream.response { send in try await feeds.log(runID: id, task: task, attempt: attempt, send) }
        }
        router.get("/runs/:id/file") { request, context in
            try await file(request, context, id: context.parameters.require("id"))
        }
        addPages(to: router)
    }

    func runs(_ request: Request) throws -> Response {
        let values = Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { a, _ in a })
        let query = RunsQuery(values: values), all = try store.runs(limit: 0)
        if request.headers[fragmentHeader] == "runs-table" { return Self.html(RunsPage.table(all, query: query)) }
        return Self.html(RunsPage.render(all, query: query))
    }

    func run(_ request: Request, id: String) throws -> Response {
        let record: RunRecord
        switch try lookUp(id) {
        case .success(let found): record = found
        case .failure(let missing): return missing.response
        }
        let recorded = try RecordedRun.load(id: record.id, from: store)
        if request.headers[fragmentHeader] == "live" { return Self.html(RunPage.live(recorded)) }
        return Self.html(RunPage.render(recorded, notes: configuration.notes))
    }

    /// A file of the run (a log, an artifact) when ``StoreFileGuard`` allows it: a download (never shown inline,
    /// so an HTML artifact cannot run script here); a directory is listed. Refusals are 403, missing files 404.
    func file(_ request: Request, _ context: BasicRequestContext, id: String) async throws -> Response {
        let path = try request.uri.queryParameters.require("path")
        let run: RunRecord
        switch try lookUp(id) {
        case .success(let found): run = found
        case .failure(let missing): return missing.response
        }
        let guarded = StoreFileGuard(roots: [configuration.storeDirectory, run.pipelineRoot])
        switch guarded.check(path) {
        case .failure(.notPlain), .failure(.outside):
            return Self.html(ErrorPage.render("Refused", "only files inside the store and the run's pipeline root are served: \(path)"), status: .forbidden)
        case .failure(.missing):
            return Self.html(ErrorPage.render("Not found", "no file at \(path)"), status: .notFound)
        case .success(let real):
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory)
            if isDirectory.boolValue { return Self.html(DirectoryPage.render(runID: run.id, path: real)) }
            let body = try await FileIO().loadFile(path: real, context: context)
            let name = (real as NSString).lastPathComponent.replacingOccurrences(of: "\"", with: "_")
            return Response(status: .ok, headers: [
                .contentType: "application/octet-stream", .contentDisposition: "attachment; filename=\"\(name)\"",
                .contentSecurityPolicy: "sandbox",
            ], body: body)
        }
    }

    /// The run `id` names (a unique prefix), or the 404 page saying why there is none.
    func lookUp(_ id: String) throws -> Result<RunRecord, NotFound> {
        do {
            return .success(try store.run(id: id))
        } catch let error as RunStoreError where error.kind == .unknownRun || error.kind == .ambiguousRun {
            return .failure(NotFound(response: Self.html(ErrorPage.render("No such run", error.description), status: .notFound)))
        }
    }

    /// A 404 response, as a `Result` failure.
    struct NotFound: Error { let response: Response }

    /// The request header that asks for a page's live part only (the scripts' `fetch`).
    let fragmentHeader = HTTPField.Name("X-Tarmac-Fragment")!

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

/// A page saying what went wrong.
enum ErrorPage {
    /// `title` and `message`, escaped.
    static func render(_ title: String, _ message: String) -> String {
        PageFrame.page(title: "tarmac ui · " + title, body: "<h1>\(Markup.escape(title))</h1><p class=\"error\">\(Markup.escape(message))</p>")
    }
}

/// The files of an artifact directory, each a download link.
enum DirectoryPage {
    /// The listing of `path` (already checked).
    static func render(runID: String, path: String) -> String {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        let items = names.map { name in
            "<li><a href=\"\(FileLinks.href(runID: runID, path: (path as NSString).appendingPathComponent(name)))\">\(Markup.escape(name))</a></li>"
        }.joined()
        return PageFrame.page(title: "tarmac ui · " + path, body: "<h1><code>\(Markup.escape(path))</code></h1><ul>\(items)</ul>")
    }
}
