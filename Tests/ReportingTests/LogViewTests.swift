import Foundation
import Reporting
import Testing

@Suite("Whole logs in the report")
struct LogViewTests {
    @Test func aLogUnderTheLimitIsEmbeddedWhole() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/attempt-1.log"
        try (1...5000).map { "line \($0) <x>" }.joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        var budget = LogView.reportBudget
        let html = LogView.render(path, attempt: 1, budget: &budget)
        #expect(html.contains("log of attempt 1 — 5000 lines, ") && html.contains(", whole</summary>"))
        #expect(html.contains("line 1 &lt;x&gt;\nline 2 &lt;x&gt;") && html.contains("line 5000 &lt;x&gt;"))
        #expect(html.contains("<a href=\"file://\(directory)/attempt-1.log\">"))
        #expect(budget < LogView.reportBudget)
    }

    @Test func aHugeLogKeepsItsStartAndEndAndNamesTheFile() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/attempt-2.log"
        let line = String(repeating: "x", count: 99) + "\n"
        let body = "FIRST LINE\n" + String(repeating: line, count: 40_000) + "LAST LINE\n"  // about 4 MB
        try body.write(toFile: path, atomically: true, encoding: .utf8)
        var budget = LogView.reportBudget
        let html = LogView.render(path, attempt: 2, budget: &budget)
        #expect(html.contains("FIRST LINE") && html.contains("LAST LINE"))
        #expect(html.contains("left out here (the whole log is \(path))"))
        #expect(html.utf8.count < LogView.wholeLimit + 4096, "the report stays bounded: \(html.utf8.count) bytes")
        var spent = 0
        let tailOnly = LogView.render(path, attempt: 2, budget: &spent)
        #expect(tailOnly.contains("last \(LogView.tailLines) lines of") && tailOnly.contains("LAST LINE") && !tailOnly.contains("FIRST LINE"))
    }

    @Test func aMissingLogSaysSo() {
        var budget = LogView.reportBudget
        #expect(LogView.render("/nonexistent/attempt-1.log", attempt: 1, budget: &budget).contains("(log missing: /nonexistent/attempt-1.log)"))
    }
}
