import Foundation
import Testing
@testable import RunBrowser

@Suite("Runs page: filters, search, pagination, escaping")
struct RunsPageTests {
    @Test("filters by pipeline and state, searches ids and parameters, newest first")
    func filtersAndSearch() throws {
        let fixture = try BrowserFixture()
        try fixture.run("aaaa1111", pipeline: "iris", parameters: #"{"seed":1}"#)
        try fixture.run("bbbb2222", pipeline: "iris", state: .failed, parameters: #"{"seed":2}"#)
        try fixture.run("cccc3333", pipeline: "shell", parameters: #"{"msg":"hello world"}"#)
        let all = try fixture.store.runs(limit: 0)
        #expect(all.map(\.id) == ["cccc3333", "bbbb2222", "aaaa1111"])
        #expect(RunsQuery(values: ["pipeline": "iris"]).matching(all).map(\.id) == ["bbbb2222", "aaaa1111"])
        #expect(RunsQuery(values: ["state": "failed"]).matching(all).map(\.id) == ["bbbb2222"])
        #expect(RunsQuery(values: ["q": "HELLO"]).matching(all).map(\.id) == ["cccc3333"])
        #expect(RunsQuery(values: ["q": "seed iris 2"]).matching(all).map(\.id) == ["bbbb2222"])
        #expect(RunsQuery(values: ["q": "nothing-like-this"]).matching(all).isEmpty)
        let page = RunsPage.render(all, query: RunsQuery(values: ["pipeline": "iris"]))
        #expect(page.contains("data-run=\"bbbb2222\"") && page.contains("data-run=\"aaaa1111\"") && !page.contains("data-run=\"cccc3333\""))
        #expect(page.contains("<option value=\"iris\" selected>iris</option>"))
        #expect(page.contains("seed=2"))
    }

    @Test("pages of 50 with links that keep the filters")
    func pagination() throws {
        let fixture = try BrowserFixture()
        for index in 0..<120 { try fixture.run(String(format: "run%05d", index), pipeline: "p&q") }
        let all = try fixture.store.runs(limit: 0)
        var query = RunsQuery(values: ["pipeline": "p&q", "page": "2"])
        #expect(query.pageOf(query.matching(all)).map(\.id).first == "run00069")
        #expect(query.pageOf(query.matching(all)).count == 50)
        let table = RunsPage.table(all, query: query)
        #expect(table.contains("page 2 of 3"))
        #expect(table.contains("href=\"/?pipeline=p%26q&amp;page=3\""), "the & inside the value is encoded")
        #expect(table.contains("href=\"/?pipeline=p%26q\""), "page 1 has no page= item")
        query.page = 3
        #expect(query.pageOf(query.matching(all)).count == 20)
        query.page = 9
        #expect(query.pageOf(query.matching(all)).isEmpty)
    }

    @Test("every recorded value is escaped")
    func escaping() throws {
        let fixture = try BrowserFixture()
        try fixture.run("dddd4444", pipeline: "<script>alert(1)</script>", parameters: #"{"x":"<img src=x onerror=alert(2)>"}"#,
                        experiment: "\"><b>")
        let page = RunsPage.render(try fixture.store.runs(limit: 0), query: RunsQuery(values: ["q": "<i>"]))
        #expect(!page.contains("<script>alert") && !page.contains("<img") && !page.contains("\"><b>") && !page.contains("<i>"))
        let table = RunsPage.table(try fixture.store.runs(limit: 0), query: RunsQuery())
        #expect(table.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && table.contains("&lt;img src=x onerror=alert(2)&gt;"))
    }
}
