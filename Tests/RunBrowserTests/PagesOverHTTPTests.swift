import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import RunDatabase
import Testing
@testable import RunBrowser

@Suite("Compare, lineage and Cache over HTTP: 400, 404, 403 and a same-origin delete")
struct PagesOverHTTPTests {
    func entry(_ key: String) -> CacheEntry {
        CacheEntry(pipelineName: "demo", cacheKey: key, taskName: "t", componentName: "c", runID: "aaaa1111",
                   created: Date(), lastUsed: Date(), outputsJSON: "{}", objects: [], bytes: 1)
    }

    @Test("compare: one run or eleven is 400 with the reason, an unknown id 404, two runs 200")
    func compareAnswers() async throws {
        let fixture = try BrowserFixture()
        try fixture.run("aaaa1111")
        try fixture.run("bbbb2222")
        let served = try await ServedStore.start(fixture, token: nil)
        defer { served.server.cancel() }
        let one = try await served.get("/compare?runs=aaaa1111")
        #expect(one.status == 400 && one.body.contains("compare needs 2 to 10 different runs"))
        #expect(try await served.get("/compare?runs=" + (0..<11).map { "r\($0)" }.joined(separator: ",")).status == 400)
        #expect(try await served.get("/compare?runs=aaaa1111,aaaa1111").status == 400, "the same run twice")
        let unknown = try await served.get("/compare?runs=aaaa1111,nosuch99")
        #expect(unknown.status == 404 && unknown.body.contains("nosuch99"))
        let both = try await served.get("/compare?runs=aaaa1111,bbbb2222")
        #expect(both.status == 200 && both.body.contains("Compare 2 runs"))
        #expect(try await served.get("/compare?run=aaaa1111&run=bbbb2222").status == 200)
        #expect(try await served.get("/artifacts/nosuch").status == 404)
    }

    @Test("cache delete: 403 without --allow-delete and cross-origin; same origin removes the entry and redirects")
    func cacheDelete() async throws {
        let fixture = try BrowserFixture()
        try fixture.run("aaaa1111")
        try fixture.store.saveCacheEntry(entry("k1"))
        try fixture.store.saveCacheEntry(entry("k2"))
        let readOnly = try await ServedStore.start(fixture, token: nil)
        let page = try await readOnly.get("/cache")
        #expect(page.status == 200 && page.body.contains("data-key=\"k1\"") && !page.body.contains("/cache/delete"))
        let refused = try await readOnly.post("/cache/delete", "pipeline=demo&key=k1", headers: ["Origin": "http://" + readOnly.authority])
        #expect(refused.status == 403 && refused.body.contains("--allow-delete"))
        readOnly.server.cancel()
        let store = fixture.store
        let served = try await ServedStore.start(fixture, token: nil, deleteCacheEntry: { entry in
            "removed \(try store.deleteCacheEntries([entry])) entries"
        })
        defer { served.server.cancel() }
        #expect(try await served.get("/cache").body.contains("action=\"/cache/delete\""))
        let crossSite = try await served.post("/cache/delete", "pipeline=demo&key=k1", headers: ["Origin": "http://evil.example"])
        #expect(crossSite.status == 403)
        #expect(try await served.post("/cache/delete", "pipeline=demo&key=k1", headers: ["Sec-Fetch-Site": "cross-site"]).status == 403)
        #expect(try await served.post("/cache/delete", "pipeline=demo&key=k1", headers: [:]).status == 403, "neither header")
        #expect(try fixture.store.cacheEntries().count == 2, "nothing deleted by a refused request")
        let missing = try await served.post("/cache/delete", "pipeline=demo&key=nope", headers: ["Origin": "http://" + served.authority])
        #expect(missing.status == 404)
        let done = try await served.post("/cache/delete", "pipeline=demo&key=k1", headers: ["Origin": "http://" + served.authority])
        #expect(done.status == 303 && (done.headers["Location"] as? String ?? "").hasPrefix("/cache?notice="))
        #expect(try fixture.store.cacheEntries().map(\.cacheKey) == ["k2"])
    }
}
