import Foundation
import Testing

// The failure block, JUnit's <failure> and the end-of-run summary of real failing runs, each compared to a
// golden file after normalisation: a Lightweight Python component that raises (examples/07 with should_fail),
// a shell component that exits 3 (task-fails) and a package pip cannot install (pip-fails).

@Suite("End-to-end: failure summaries",
       .enabled(if: E2E.compilerTestsEnabled && E2E.pythonTestsEnabled, "needs the KFP compiler venv and python3"))
struct EndToEndFailureSummaryTests {
    static let golden = "Tests/Fixtures/golden/"

    @Test("a Python exception: the block starts with it and the user's frame; JUnit and the summary agree")
    func pythonException() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let failure = try await FailureRun.run("examples/07-exit-handler/pipeline.yaml", ["--param", "should_fail=true"],
                                               task: "exit-handler-1/maybe-fail", title: "main-work/maybe-fail")
        try failure.expectCause("RuntimeError: asked to fail while processing 'Hello exit handler'", within: 3)
        #expect(!failure.block.contains { $0.contains("executor_input") && !$0.hasPrefix("command:") }, "no executor-input dump")
        #expect(failure.block.contains("  File \"ephemeral_component.py\", line 9, in maybe_fail"), failure.comment)
        #expect(failure.junit.contains(#"<failure message="exit code 1: RuntimeError: asked to fail while processing &#39;Hello exit handler&#39;""#),
                failure.comment)
        expectGolden(failure.golden, matches: Self.golden + "failure-python.txt")
    }

    @Test("a shell component: the block starts with the last lines of its output")
    func shellFailure() async throws {
        let failure = try await FailureRun.run(try await FixturePipelines.shared.yaml("task-fails"), [], task: "fail")
        try failure.expectCause("  failing with 3", within: 3)
        #expect(failure.junit.contains(#"<failure message="exit code 3: failing with 3" type="FAILED">"#), failure.comment)
        expectGolden(failure.golden, matches: Self.golden + "failure-shell.txt")
    }

    @Test("a failed pip install: one block naming the package, told once")
    func pipFailure() async throws {
        let failure = try await FailureRun.run(try await FixturePipelines.shared.yaml("pip-fails"), [], task: "needs-package")
        try failure.expectCause("pip could not install 'tarmac-no-such-package==1.0'", within: 3)
        #expect(failure.stderr.components(separatedBy: "No matching distribution found").count == 2, failure.comment)
        #expect(failure.junit.contains(#"<failure message="pip could not install"#), failure.comment)
        expectGolden(failure.golden, matches: Self.golden + "failure-pip.txt")
    }
}

@Suite("End-to-end: failure summaries in containers", .enabled(if: Podman.enabled && E2E.compilerTestsEnabled, "needs podman"))
struct EndToEndContainerFailureSummaryTests {
    @Test("a failed pip install in a container: pip's error is in the derived image's build log; the same one block names the package")
    func pipFailureInAContainer() async throws {
        let yaml = try await FixturePipelines.shared.yaml("pip-fails")
        let outcome: Result<FailureRun, any Error> = await Podman.limited {
            do { return .success(try await FailureRun.run(yaml, ["--runner", "podman", "--pull", "never"], task: "needs-package")) } catch {
                return .failure(error)
            }
        }
        let failure = try outcome.get()
        try failure.expectCause("pip could not install 'tarmac-no-such-package==1.0'", within: 3)
        // The install step runs once, building the derived image: its log is the task's environment.log, as on the host.
        #expect(failure.block.first == "FAILED: needs-package", failure.comment)
        #expect(failure.block.contains { $0.hasPrefix("log: ") && $0.hasSuffix("/needs-package/environment.log") }, failure.comment)
        #expect(failure.stderr.components(separatedBy: "No matching distribution found").count == 2, failure.comment)
    }
}

/// One failing `tarmac run` (plain lines, `--max-parallel 1`, `--junit`), cut into the parts the goldens compare.
struct FailureRun {
    let stderr: String
    /// The failure block of the task, normalised.
    let block: [String]
    /// The task's `<testcase>` in the JUnit file, normalised.
    let junit: String
    /// The end-of-run summary, normalised.
    let summary: [String]

    /// The run of `pipeline`, cut at the failure block of `task` (a path key) titled `title`, its display path
    /// (default: the key, for a task whose `taskInfo.name` is its key).
    static func run(_ pipeline: String, _ arguments: [String], task: String, title: String? = nil) async throws -> FailureRun {
        let title = title ?? task
        let junitFile = E2E.scratchDirectory("failure-junit") + "/junit.xml"
        let result = await tarmacOffThread(["run", pipeline, "--store", E2E.store, "--max-parallel", "1", "--junit", junitFile] + arguments)
        try #require(result.code == 1, Comment(rawValue: result.stderr))
        let lines = normaliseFailure(result.stderr).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0 == "FAILED: \(title)" || $0.hasPrefix("FAILED: \(title) ") }, Comment(rawValue: result.stderr))
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("HH:MM:SS ") || $0.hasPrefix("run <run> ") } ?? lines.count
        let closing = try #require(lines.firstIndex { $0.hasPrefix("run <run> ") }, Comment(rawValue: result.stderr))
        let xml = try String(contentsOfFile: junitFile, encoding: .utf8)
        let testcase = try #require(xml.range(of: "<testcase name=\"\(title)\"").map { range in
            String(xml[range.lowerBound...]).components(separatedBy: "</testcase>").first ?? ""
        }, Comment(rawValue: xml))
        return FailureRun(stderr: result.stderr, block: Array(lines[start..<end]), junit: normaliseFailure(testcase + "</testcase>"),
                          summary: Array(lines[closing...]).filter { !$0.isEmpty })
    }

    /// The three parts, as the golden file holds them.
    var golden: String {
        (["--- failure block (stderr)"] + block + ["--- junit", junit, "--- end of run (stderr)"] + summary).joined(separator: "\n") + "\n"
    }

    var comment: Comment { Comment(rawValue: golden + "\nstderr:\n" + stderr) }

    /// `line` is one of the block's first `count` lines.
    func expectCause(_ line: String, within count: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let index = try #require(block.firstIndex(of: line), comment, sourceLocation: sourceLocation)
        #expect(index < count, comment, sourceLocation: sourceLocation)
    }
}

/// `normaliseRunOutput` plus what varies in a failure: temporary folders, environment digests, lengths that
/// contain paths and JUnit times.
func normaliseFailure(_ text: String) -> String {
    var result = normaliseRunOutput(text)
    let rules: [(String, String)] = [
        (#"tmp\.[A-Za-z0-9]+"#, "tmp.X"),
        (#"[0-9a-f]{64}"#, "<digest>"),
        (#"\(\d+ characters\)"#, "(N characters)"),
        (#"time="\d+\.\d+""#, #"time="T""#),
    ]
    for (pattern, replacement) in rules {
        result = result.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
    }
    return result
}
