import Foundation
import HTTPTypes
import Hummingbird
import Reporting
import RunDatabase

/// The Compare, lineage and Cache routes.
extension BrowserRoutes {
    /// Adds `/compare`, `/artifacts/ID`, `/cache` and `POST /cache/delete` to `router`.
    func addPages(to router: Router<BasicRequestContext>) {
        router.get("/compare") { request, _ in try compare(request) }
        router.get("/artifacts/:id") { _, context in try artifact(context.parameters.require("id")) }
        router.get("/cache") { request, _ in
            Self.html(CachePage.render(try store.cacheEntries(), canDelete: configuration.deleteCacheEntry != nil,
                                       notice: request.uri.queryParameters.get("notice")))
        }
        router.post("/cache/delete") { request, _ in try await deleteCacheEntry(request) }
    }

    /// `/compare?runs=a,b,c`: 400 for fewer than 2 or more than 10 runs, 404 for an unknown id.
    func compare(_ request: Request) throws -> Response {
        let ids = ComparePage.ids(runs: request.uri.queryParameters.get("runs"), repeated: request.uri.queryParameters.getAll("run"))
        if let problem = ComparePage.countProblem(ids) {
            return Self.html(ErrorPage.render("Cannot compare", problem), status: .badRequest)
        }
        var recorded: [RecordedRun] = []
        for id in ids {
            switch try lookUp(id) {
            case .success(let run):
                if !recorded.contains(where: { $0.run.id == run.id }) { recorded.append(try RecordedRun.load(id: run.id, from: store)) }
            case .failure(let missing): return missing.response
            }
        }
        if let problem = ComparePage.countProblem(recorded.map(\.run.id)) {  // two prefixes of one run
            return Self.html(ErrorPage.render("Cannot compare", problem), status: .badRequest)
        }
        return Self.html(ComparePage.render(recorded))
    }

    /// `/artifacts/ID`: the artifact's lineage, or 404.
    func artifact(_ id: String) throws -> Response {
        do {
            return Self.html(LineagePage.render(try LineagePage.Facts(artifactID: id, store: store)))
        } catch let error as RunStoreError where error.kind == .unknownArtifact {
            return Self.html(ErrorPage.render("No such artifact", "no artifact with id \(id) in this store"), status: .notFound)
        }
    }

    /// `POST /cache/delete` (`pipeline`, `key`): only with `--allow-delete` and from this origin, else 403; an
    /// unknown entry is 404; done, it redirects to `/cache` with what was removed.
    func deleteCacheEntry(_ request: Request) async throws -> Response {
        guard let delete = configuration.deleteCacheEntry else {
            return Self.html(ErrorPage.render("Refused", "this server is read-only: start it with `tarmac ui --allow-delete` to delete cache entries"),
                             status: .forbidden)
        }
        guard Self.isSameOrigin(request) else {
            return Self.html(ErrorPage.render("Refused", "a delete must come from this server's own Cache page (Origin or Sec-Fetch-Site differs)"),
                             status: .forbidden)
        }
        let body = try await request.body.collect(upTo: 64 * 1024)
        let fields = CachePage.formFields(String(buffer: body))
        guard let pipeline = fields["pipeline"], let key = fields["key"] else {
            return Self.html(ErrorPage.render("Bad request", "a delete needs the form fields pipeline and key"), status: .badRequest)
        }
        guard let entry = try store.cacheEntry(pipeline: pipeline, key: key) else {
            return Self.html(ErrorPage.render("Not found", "no cache entry \(key) of pipeline \(pipeline)"), status: .notFound)
        }
        let outcome = try delete(entry)
        let notice = "deleted the entry of \(entry.taskName) (\(entry.pipelineName)): \(outcome)"
        return Response(status: .seeOther, headers: [.location: "/cache?notice=" + RunsQuery.encode(notice)])
    }

    /// Whether the browser says the request comes from a page of this server: `Sec-Fetch-Site: same-origin`, or an
    /// `Origin` whose host is the `Host` asked for. A request with neither (not a browser's form) is refused too.
    static func isSameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!] { return site == "same-origin" }
        guard let origin = request.headers[HTTPField.Name("Origin")!], let host = request.head.authority ?? request.headers[HTTPField.Name("Host")!] else {
            return false
        }
        return origin == "http://" + host
    }
}
