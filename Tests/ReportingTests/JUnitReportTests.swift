import Basics
import Foundation
import Reporting
import RunDatabase
import Testing

@Suite("JUnit XML")
struct JUnitReportTests {
    @Test func countsFailuresSkipsAndTimes() {
        let skipped = TaskRecord(runID: "run-0001", name: "for-loop-2[0]/deploy", displayName: "deploy", state: .skipped,
                                 componentName: "comp-deploy")
        let named = TaskRecord(runID: "run-0001", name: "condition-1", displayName: "good-enough", state: .skipped,
                               componentName: "comp-condition-1")
        let xml = JUnitReport.render(sampleRun(tasks: [skipped, named]), hostname: "box")
        #expect(xml.contains(#"<testsuite name="demo" tests="5" failures="1" errors="0" skipped="2" time="12.000" timestamp="2023-11-14T22:13:20""#))
        #expect(xml.contains(#"<testcase name="prep" classname="demo" time="2.000"/>"#))
        // Named by display path (from the records when the pipeline file is gone), loop indices on the last segment.
        #expect(xml.contains(#"<testcase name="for-loop-2/deploy [0]" classname="demo" time="0.000">"#))
        #expect(xml.contains(#"<testcase name="good-enough" classname="demo" time="0.000">"#))
        #expect(xml.contains(#"<skipped message="skipped"/>"#))
        #expect(xml.contains(#"<failure message="exit code 3" type="FAILED">"#))
        #expect(xml.contains(#"<property name="experiment" value="exp-a"/>"#))
    }

    @Test func failureCarriesTheSummary() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/attempt-1.log"
        let lines = (1...100).map { "line \($0)" } + ["Traceback: <boom> & \"quotes\"\u{1}"]
        try lines.joined(separator: "\n").write(toFile: log, atomically: true, encoding: .utf8)
        let failed = TaskRecord(runID: "run-0001", name: "boom", displayName: "boom", state: .failed, componentName: "c",
                                exitCode: 1, error: "exit code 1", logsJSON: JSONValue.array([.string(log)]).canonicalJSON)
        let xml = JUnitReport.render(sampleRun(tasks: [failed]), hostname: "box")
        // The body is the FailureSummary: the error, the log's last 10 lines, the log's path.
        #expect(xml.contains("<failure message=\"exit code 1\" type=\"FAILED\">exit code 1\n  line 92\n"), Comment(rawValue: xml))
        #expect(xml.contains("  line 100\n  Traceback: &lt;boom&gt; &amp; &quot;quotes&quot;"))
        #expect(!xml.contains("line 91\n"))
        #expect(xml.contains("\nlog: \(log)</failure>"))
    }

    @Test("the document validates against the JUnit schema (xmllint)",
          .enabled(if: Tools.xmllintEnabled, "needs xmllint (libxml2-utils, scripts/install-deps)"))
    func validatesAgainstTheSchema() throws {
        let nasty = TaskRecord(runID: "run-0001", name: "odd <name> & \"x\"", displayName: "x", state: .notRun,
                               componentName: "c", error: "upstream failed\u{7}")
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/junit.xml"
        try JUnitReport.render(sampleRun(tasks: [nasty])).write(toFile: path, atomically: true, encoding: .utf8)
        let result = try run([Tools.xmllint, "--noout", "--schema", Repo.root.path + "/Tests/Fixtures/junit/junit-10.xsd", path])
        #expect(result.code == 0, Comment(rawValue: result.output))
        #expect(result.output.contains("validates"))
    }

    @Test("the schema rejects a malformed document (so the validation test means something)",
          .enabled(if: Tools.xmllintEnabled, "needs xmllint (libxml2-utils, scripts/install-deps)"))
    func schemaRejectsBadDocuments() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/bad.xml"
        try #"<testsuites><testsuite name="x" tests="one"><testcase name="a"/></testsuite></testsuites>"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let result = try run([Tools.xmllint, "--noout", "--schema", Repo.root.path + "/Tests/Fixtures/junit/junit-10.xsd", path])
        #expect(result.code != 0)
    }
}
