import Foundation
import Reporting
import Testing
@testable import RunBrowser

@Suite("Run page and live snapshot")
struct RunPageTests {
    @Test("graph, task table and panels; task-written text escaped; explain and inspect texts shown")
    func runPage() throws {
        let fixture = try BrowserFixture()
        try fixture.run("abcd0001", state: .running, tasks: ["train": .running, "prep": .succeeded])
        var task = try #require(try fixture.store.task(runID: "abcd0001", name: "prep"))
        task.outputsJSON = #"{"note":"<script>alert('x')</script>"}"#
        task.error = "<b>bold</b>"
        try fixture.store.upsertTask(task)
        let notes = TaskNotes(explain: { task, _ in ["\(task.name): ran <because>"] }, inspect: { _, _ in "command:\n  sh -c '<x>'" })
        let page = RunPage.render(try RecordedRun.load(id: "abcd0001", from: fixture.store), notes: notes)
        #expect(page.contains("<svg") && page.contains("data-task=\"train\" data-state=\"RUNNING\""))
        #expect(page.contains("<table class=\"tasks\">"))
        #expect(page.contains("<pre class=\"explain\">prep: ran &lt;because&gt;</pre>"))
        #expect(page.contains("sh -c &#39;&lt;x&gt;&#39;") || page.contains("sh -c '&lt;x&gt;'"))
        #expect(!page.contains("<script>alert") && !page.contains("<b>bold"))
        #expect(page.contains("var finished=false"), "a running run's page follows it")
        #expect(page.components(separatedBy: "class=\"live-log\"").count == 3)
    }

    @Test("the snapshot carries each task's state, label and the graph's colours; equal states give equal text")
    func snapshot() throws {
        let fixture = try BrowserFixture()
        let run = try fixture.run("abcd0002", state: .running, tasks: ["a": .running])
        let first = RunSnapshot(run: run, tasks: try fixture.store.tasks(runID: run.id)).json
        #expect(first.contains(#""name":"a""#) && first.contains(#""state":"RUNNING""#))
        #expect(first.contains(#""fill":"\#(DagSVG.colours(.running).fill)""#))
        #expect(first == RunSnapshot(run: run, tasks: try fixture.store.tasks(runID: run.id)).json)
        try fixture.store.upsertTask(.init(runID: run.id, name: "a", displayName: "a", state: .succeeded, componentName: "c"))
        #expect(first != RunSnapshot(run: run, tasks: try fixture.store.tasks(runID: run.id)).json)
    }

    @Test("back-off: short after a change, growing to half a second while quiet")
    func backOff() {
        var backOff = BackOff()
        #expect(backOff.next(changed: false) == .milliseconds(150))
        for _ in 0..<20 { _ = backOff.next(changed: false) }
        #expect(backOff.current == .milliseconds(500))
        #expect(backOff.next(changed: true) == .milliseconds(100))
    }
}
