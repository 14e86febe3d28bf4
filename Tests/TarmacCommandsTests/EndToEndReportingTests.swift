import Basics
import Foundation
import Testing

// `tarmac run --junit/--experiment`, `tarmac report` opened in headless Chromium, and `tarmac runs
// list/diff/rm`, end to end on the examples with the real binary's code path (in-process).

/// The tools these tests need (installed by scripts/install-deps); in CI they must be present.
enum ReportTools {
    static let xmllint = "/usr/bin/xmllint"
    static let chromium = "/usr/bin/chromium"
    static var xmllintEnabled: Bool { E2E.isCI || FileManager.default.isExecutableFile(atPath: xmllint) }
    static var chromiumEnabled: Bool { E2E.isCI || FileManager.default.isExecutableFile(atPath: chromium) }
    static let schema = Repo.root.path + "/Tests/Fixtures/junit/junit-10.xsd"

    /// `xmllint --schema` of `file`: (passed, what it said).
    static func validate(_ file: String) async -> (Bool, String) {
        let result = await runProcess([xmllint, "--noout", "--schema", schema, file])
        return (result.code == 0, result.stderr + result.stdout)
    }
}

/// The ML example once with `--junit` and `--experiment`, shared by the tests below.
actor ReportingRuns {
    static let shared = ReportingRuns()
    static let experiment = "exp-\(getpid())"
    private var mlRun: Task<(PipelineRun, String), Never>?

    /// The run and the path of its JUnit file.
    func ml() async -> (PipelineRun, String) {
        if let mlRun { return await mlRun.value }
        let task = Task {
            let junit = E2E.scratchDirectory("junit-ml") + "/junit.xml"
            // Not quiet: the end-of-run test reads its closing lines on stderr (EndToEndRunClosingTests).
            let run = await runPipeline("examples/03-ml-pipeline/pipeline.yaml",
                                        ["--junit", junit, "--experiment", Self.experiment, "--param", "threshold=0.99"], quiet: false)
            return (run, junit)
        }
        mlRun = task
        return await task.value
    }
}

@Suite("End-to-end: JUnit, report, runs", .enabled(if: E2E.pythonTestsEnabled, "needs python3 (Lightweight Python components)"))
struct EndToEndReportingTests {
    @Test("run --junit on the ML example: one testcase per task instance, valid against the JUnit schema",
          .enabled(if: ReportTools.xmllintEnabled, "needs xmllint"))
    func junitOfTheMLExample() async throws {
        let (run, junit) = await ReportingRuns.shared.ml()
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        // Named by display path (as run --json gives it): the condition group is `good-enough` (its taskInfo.name),
        // not its key `condition-1`.
        for task in run.tasks {
            #expect(!task.displayPath.isEmpty, "\(task.name) has no display_path")
            #expect(xml.contains("<testcase name=\"\(task.displayPath)\" classname=\"iris-ml-pipeline\""), "\(task.displayPath) missing")
        }
        #expect(xml.contains("<testcase name=\"good-enough\"") && !xml.contains("condition-1"), Comment(rawValue: xml))
        #expect(xml.contains("tests=\"\(run.tasks.count)\" failures=\"0\""))
        #expect(xml.contains("<skipped message=\"skipped"), "threshold=0.99 skips good-enough")
        let (valid, said) = await ReportTools.validate(junit)
        #expect(valid, Comment(rawValue: said))
    }

    @Test("run --junit on a failing pipeline: the failure carries the exit code and the cause",
          .enabled(if: ReportTools.xmllintEnabled && E2E.compilerTestsEnabled, "needs xmllint and the KFP compiler"))
    func junitOfAFailure() async throws {
        let junit = E2E.scratchDirectory("junit-fail") + "/junit.xml"
        let run = await runPipeline(try await FixturePipelines.shared.yaml("task-fails"), ["--max-parallel", "4", "--junit", junit])
        #expect(run.code == 1 && run.state == "FAILED", run.diagnostics)
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<failure message=\"exit code 3: failing with 3\" type=\"FAILED\">  failing with 3\n"), Comment(rawValue: xml))
        #expect(xml.contains("failing with 3"), "log tail in the failure")
        #expect(xml.contains("failures=\"1\"") && xml.contains("skipped=\"2\""), Comment(rawValue: xml))
        let (valid, said) = await ReportTools.validate(junit)
        #expect(valid, Comment(rawValue: said))
    }

    @Test("runs list --experiment finds the run; runs show names the experiment")
    func experimentFilter() async throws {
        let (run, _) = await ReportingRuns.shared.ml()
        let listed = await tarmacOffThread(["runs", "list", "--store", E2E.store, "--experiment", ReportingRuns.experiment])
        #expect(listed.code == 0)
        let rows = listed.stdout.split(separator: "\n")  // a header, then the run
        #expect(rows.count == 2 && rows[0].hasPrefix("RUN ") && rows[1].hasPrefix(String(run.runID.prefix(8))),
                Comment(rawValue: listed.stdout))
        #expect(listed.stdout.contains("[\(ReportingRuns.experiment)]"))
        let none = await tarmacOffThread(["runs", "list", "--store", E2E.store, "--experiment", "no-such-experiment"])
        #expect(none.code == 0 && none.stdout.isEmpty)
        let failed = await tarmacOffThread(["runs", "list", "--store", E2E.store, "--state", "succeeded",
                                            "--pipeline", "iris-ml-pipeline", "--limit", "0"])
        #expect(failed.stdout.contains(String(run.runID.prefix(8))))
        #expect(!failed.stdout.contains("FAILED"))
        let shown = await tarmacOffThread(["runs", "show", run.runID, "--store", E2E.store])
        #expect(shown.stdout.contains("experiment \(ReportingRuns.experiment)\n"))
    }

    @Test("runs diff of two ML runs names the parameter, the skipped tasks and the changed outputs")
    func diffOfTwoRuns() async throws {
        let (skipping, _) = await ReportingRuns.shared.ml()
        let deploying = await SharedRuns.shared.example("03-ml-pipeline")
        #expect(skipping.code == 0 && deploying.code == 0, deploying.diagnostics)
        let diff = await tarmacOffThread(["runs", "diff", deploying.runID, skipping.runID, "--store", E2E.store])
        #expect(diff.code == 1, "the runs differ: exit 1, as diff does \(diff.stderr)")
        #expect(diff.stdout.contains("parameters:\n  threshold: 0.8 → 0.99\n"), Comment(rawValue: diff.stdout))
        #expect(diff.stdout.contains("task states:\n  condition-1: SUCCEEDED → SKIPPED\n  condition-1/deploy: SUCCEEDED → (absent)\n"),
                Comment(rawValue: diff.stdout))
        #expect(diff.stdout.contains("task outputs:\n  condition-1/deploy: {\"Output\":\"deployed: accuracy"), Comment(rawValue: diff.stdout))
        #expect(!diff.stdout.contains("metrics:"), "same data and seed: same metrics")
        let same = await tarmacOffThread(["runs", "diff", deploying.runID, deploying.runID, "--store", E2E.store])
        #expect(same.stdout.hasSuffix("no differences in parameters, metrics or tasks\n"))
        #expect(same.code == 0)
    }

    @Test("runs rm deletes the rows and the run's directory, and nothing else")
    func removeRuns() async throws {
        let root = E2E.scratchDirectory("rm-root")
        let keep = root + "/keep.txt"
        try "precious".write(toFile: keep, atomically: true, encoding: .utf8)
        let first = await runPipeline("examples/01-shell-components/pipeline.yaml", ["--pipeline-root", root])
        let second = await runPipeline("examples/01-shell-components/pipeline.yaml", ["--pipeline-root", root])
        #expect(first.code == 0 && second.code == 0, first.diagnostics)
        let firstDirectory = "\(root)/\(first.pipeline)/\(first.runID)", secondDirectory = "\(root)/\(second.pipeline)/\(second.runID)"
        #expect(FileManager.default.fileExists(atPath: firstDirectory))
        let removed = await tarmacOffThread(["runs", "rm", String(first.runID.prefix(12)), "--store", E2E.store])
        #expect(removed.code == 0, Comment(rawValue: removed.stderr))
        #expect(removed.stdout.contains("removed run \(first.runID.prefix(8))"))
        #expect(!FileManager.default.fileExists(atPath: firstDirectory))
        #expect(FileManager.default.fileExists(atPath: secondDirectory))
        #expect(try String(contentsOfFile: keep, encoding: .utf8) == "precious")
        #expect(await tarmacOffThread(["runs", "show", first.runID, "--store", E2E.store]).code == 65)
        #expect(await tarmacOffThread(["runs", "show", second.runID, "--store", E2E.store]).code == 0)

        // A pipeline directory that is a link to somewhere else is not followed.
        let outside = E2E.scratchDirectory("rm-outside")
        try FileManager.default.moveItem(atPath: "\(root)/\(second.pipeline)", toPath: outside + "/moved")
        try FileManager.default.createSymbolicLink(atPath: "\(root)/\(second.pipeline)", withDestinationPath: outside + "/moved")
        let refused = await tarmacOffThread(["runs", "rm", second.runID, "--store", E2E.store])
        #expect(refused.code == 0 && refused.stdout.contains("left its files alone"), Comment(rawValue: refused.stdout))
        #expect(FileManager.default.fileExists(atPath: "\(outside)/moved/\(second.runID)"))
        #expect(await tarmacOffThread(["runs", "rm", "no-such-run", "--store", E2E.store]).code == 65)
    }
}
