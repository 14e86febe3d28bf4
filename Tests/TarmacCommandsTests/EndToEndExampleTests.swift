import Basics
import Foundation
import Testing

// One end-to-end test per example: `tarmac run examples/NN-name/pipeline.yaml` with default parameters
// (and the other parameters each README describes), checked against the README's expected outcome:
// run state, the state of every task instance, the pipeline outputs and, for control flow, the branch
// taken and the loop values.

@Suite("End-to-end: examples", .enabled(if: E2E.pythonTestsEnabled, "needs python3 (Lightweight Python components)"))
struct EndToEndExampleTests {
    @Test("01 shell components: Concat/IfPresent, OutputPath and artifacts from sh")
    func shellComponents() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await SharedRuns.shared.example("01-shell-components")
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        let succeeded = ["write-lines", "shout", "render-banner", "render-banner-2", "assemble-report"]
        #expect(run.states == Dictionary(uniqueKeysWithValues: succeeded.map { ($0, "SUCCEEDED") }), run.diagnostics)
        #expect(run.task("render-banner")?.displayName == "banner with subtitle")
        #expect(run.task("render-banner-2")?.displayName == "banner without subtitle")
        #expect(run.parameters == ["line_count": 3, "summary": "lines=3 words=15"], run.diagnostics)
        let report = try #require(run.artifact("report"), run.diagnostics)
        #expect(report.text == Self.report(footerB: "(none)"))
    }

    @Test("01 shell components with footer=bye: the IfPresent without else_ adds --footer=bye")
    func shellComponentsWithFooter() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await SharedRuns.shared.example("01-shell-components", ["footer=bye"])
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        #expect(run.artifact("report")?.text == Self.report(footerB: "bye"), run.diagnostics)
    }

    /// The report `assemble-report` writes: both banners, then the shouted lines.
    static func report(footerB: String) -> String {
        """
        # Tarmac shell demo [width 40]

        _made with sh and printf_

        footer: (none)

        ---

        # second banner [width 20]

        _(no subtitle)_

        footer: \(footerB)

        ## Shouted lines (3)

        > 1 HELLO FROM BUSYBOX
        > 2 HELLO FROM BUSYBOX
        > 3 HELLO FROM BUSYBOX

        """
    }

    @Test("02 python types: every parameter and artifact type")
    func pythonTypes() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await SharedRuns.shared.example("02-python-types")
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        #expect(run.states == ["describe-params": "SUCCEEDED", "produce-artifacts": "SUCCEEDED",
                               "consume-artifacts": "SUCCEEDED", "copy-with-paths": "SUCCEEDED"], run.diagnostics)
        #expect(run.returned("describe-params", "summary") == "typed values! x4 enabled=True note=None")
        #expect(run.returned("describe-params", "scaled") == 2.0)
        #expect(run.returned("describe-params", "upper_tags") == ["ALPHA", "BETA", "GAMMA"])
        #expect(run.returned("describe-params", "lengths") == ["alpha": 5, "beta": 4, "gamma": 5])
        #expect(run.returned("describe-params", "is_long") == true)
        #expect(run.returned("describe-params", "total") == 9)
        #expect(run.parameters == ["summary": "9 rows, 3 files, accuracy 12/15", "total": 9, "copied_lines": 10], run.diagnostics)
        let report = try #require(run.artifact("report"), run.diagnostics)
        let lines = report.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 10)
        #expect(lines.last == "* checksum: 5c8f7850d5bc4e02")
        let model = try #require(run.artifact("model"))
        #expect(model.text == #"{"kind": "lookup", "weights": {"alpha": 5, "beta": 4, "gamma": 5}}"#)
        #expect(model.metadata == ["framework": "json-lookup", "version": 1])
    }

    @Test("03 ML pipeline: iris preprocess → train → evaluate → deploy (accuracy ≥ threshold)")
    func mlPipeline() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await SharedRuns.shared.example("03-ml-pipeline")
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        #expect(run.states == ["preprocess": "SUCCEEDED", "train": "SUCCEEDED", "evaluate": "SUCCEEDED",
                               "condition-1": "SUCCEEDED", "condition-1/deploy": "SUCCEEDED"], run.diagnostics)
        #expect(run.task("condition-1")?.displayName == "good-enough")
        #expect(run.returned("condition-1/deploy") == "deployed: accuracy 0.9667 >= threshold 0.8000")
        #expect(run.parameters == ["accuracy": 0.966667], run.diagnostics)
        let metrics = try #require(run.artifact("metrics"), run.diagnostics)
        #expect(metrics.metadata["accuracy"] == 0.966667)
        #expect(metrics.metadata["macro_f1"] == 0.966583)
        #expect(metrics.metadata["test_rows"] == 30)
        let classification = try #require(run.artifact("classification"))
        let rows = classification.metadata["confusionMatrix"]?["rows"]?.arrayValue?.compactMap { $0["row"] }
        #expect(rows == [[10, 0, 0], [0, 9, 1], [0, 0, 10]])
        #expect(classification.metadata["confusionMatrix"]?["annotationSpecs"]
                == [["displayName": "setosa"], ["displayName": "versicolor"], ["displayName": "virginica"]])
        let model = try #require(run.artifact("model"))
        let pickle = FileManager.default.contents(atPath: model.path) ?? Data()
        #expect(pickle.first == 0x80, "the model is a pickle (protocol ≥ 2)")
        #expect(model.metadata["framework"] == "scikit-learn")
    }

    @Test("03 ML pipeline with threshold=0.99: good-enough is skipped, the run still succeeds")
    func mlPipelineHighThreshold() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await SharedRuns.shared.example("03-ml-pipeline", ["threshold=0.99"])
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        #expect(run.states == ["preprocess": "SUCCEEDED", "train": "SUCCEEDED", "evaluate": "SUCCEEDED",
                               "condition-1": "SKIPPED"], run.diagnostics)
        #expect(run.parameters == ["accuracy": 0.966667], run.diagnostics)
    }

    @Test("04 conditions: If/Elif/Else, nested If, bool and float conditions (default text)")
    func conditions() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await SharedRuns.shared.example("04-conditions")
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        let medium = "condition-branches-1/condition-3"
        #expect(run.states == [
            "measure": "SUCCEEDED",
            "condition-branches-1": "SUCCEEDED",
            "condition-branches-1/condition-2": "SKIPPED",
            medium: "SUCCEEDED",
            "\(medium)/announce-2": "SUCCEEDED",
            "\(medium)/condition-branches-4": "SUCCEEDED",
            "\(medium)/condition-branches-4/condition-5": "SUCCEEDED",
            "\(medium)/condition-branches-4/condition-5/announce-3": "SUCCEEDED",
            "\(medium)/condition-branches-4/condition-6": "SKIPPED",
            "condition-branches-1/condition-7": "SKIPPED",
            "condition-8": "SUCCEEDED", "condition-8/announce-6": "SUCCEEDED",
            "condition-9": "SUCCEEDED", "condition-9/announce-7": "SUCCEEDED",
            "condition-10": "SKIPPED",
        ], run.diagnostics)
        let names = Dictionary(run.tasks.map { ($0.name, $0.displayName) }, uniquingKeysWith: { a, _ in a })
        #expect(names["condition-branches-1/condition-2"] == "is-long")
        #expect(names[medium] == "is-medium")
        #expect(names["condition-branches-1/condition-7"] == "is-short")
        #expect(names["condition-9"] == "few-vowels")
        #expect(run.returned("\(medium)/announce-2") == "medium: hello kubeflow")
        #expect(run.returned("\(medium)/condition-branches-4/condition-5/announce-3") == "greeting detected")
        #expect(run.returned("condition-8/announce-6") == "verbose mode")
        #expect(run.returned("condition-9/announce-7") == "few vowels")
        #expect(run.parameters == ["length": 14, "first_word": "hello"], run.diagnostics)
    }

    @Test("04 conditions with text='hi': the Else branch is-short; few-vowels false (ratio 0.5)")
    func conditionsShortText() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await SharedRuns.shared.example("04-conditions", ["text=hi"])
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        #expect(run.states == [
            "measure": "SUCCEEDED",
            "condition-branches-1": "SUCCEEDED",
            "condition-branches-1/condition-2": "SKIPPED",
            "condition-branches-1/condition-3": "SKIPPED",
            "condition-branches-1/condition-7": "SUCCEEDED",
            "condition-branches-1/condition-7/announce-5": "SUCCEEDED",
            "condition-8": "SUCCEEDED", "condition-8/announce-6": "SUCCEEDED",
            "condition-9": "SKIPPED",
            "condition-10": "SKIPPED",
        ], run.diagnostics)
        #expect(run.returned("condition-branches-1/condition-7/announce-5") == "short: hi")
        #expect(run.parameters == ["length": 2, "first_word": "hi"], run.diagnostics)
    }

    @Test("04 conditions with a 27-character text and verbose=false: the If branch is-long")
    func conditionsLongText() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await SharedRuns.shared.example("04-conditions", ["text=a very long sentence indeed", "verbose=false"])
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        #expect(run.states == [
            "measure": "SUCCEEDED",
            "condition-branches-1": "SUCCEEDED",
            "condition-branches-1/condition-2": "SUCCEEDED",
            "condition-branches-1/condition-2/announce": "SUCCEEDED",
            "condition-branches-1/condition-3": "SKIPPED",
            "condition-branches-1/condition-7": "SKIPPED",
            "condition-8": "SKIPPED",
            "condition-9": "SUCCEEDED", "condition-9/announce-7": "SUCCEEDED",
            "condition-10": "SKIPPED",
        ], run.diagnostics)
        #expect(run.returned("condition-branches-1/condition-2/announce") == "long: a very long sentence indeed")
        #expect(run.parameters == ["length": 27, "first_word": "a"], run.diagnostics)
    }

    @Test("05 parallel for: raw, upstream and parameter lists, nested loop, Collected")
    func parallelFor() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await SharedRuns.shared.example("05-parallel-for")
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        var expected: [String: String] = [:]
        for name in ["for-loop-2", "make-numbers", "for-loop-3", "for-loop-4", "join-texts", "sum-values",
                     "merge-parts", "count-labels"] { expected[name] = "SUCCEEDED" }
        for i in 0..<3 { expected["for-loop-2[\(i)]/describe-item"] = "SUCCEEDED" }
        for i in 0..<4 {
            expected["for-loop-3[\(i)]/square"] = "SUCCEEDED"
            expected["for-loop-3[\(i)]/write-number"] = "SUCCEEDED"
        }
        for g in 0..<2 {
            expected["for-loop-4[\(g)]/for-loop-6"] = "SUCCEEDED"
            for i in 0..<3 { expected["for-loop-4[\(g)]/for-loop-6[\(i)]/make-label"] = "SUCCEEDED" }
        }
        #expect(run.states == expected, run.diagnostics)
        #expect(run.tasks.filter { $0.kind == "container" }.count == 22)
        // Iteration order is item order; every iteration sees its own item.
        #expect(run.returned("for-loop-2[0]/describe-item") == "apple=1.5")
        #expect(run.returned("for-loop-2[2]/describe-item") == "cherry=4.5")
        #expect(run.returned("for-loop-3[3]/square") == 16)
        #expect(run.returned("make-numbers") == [1, 2, 3, 4])
        #expect(run.returned("for-loop-4[1]/for-loop-6[2]/make-label") == "y3")
        #expect(run.parameters == ["described": "apple=1.5,banana=3,cherry=4.5", "sum_of_squares": 30,
                                   "labels": "6:x1|x2|x3|y1|y2|y3"], run.diagnostics)
        let merged = try #require(run.artifact("merged"), run.diagnostics)
        #expect(merged.text == "1\n2\n3\n4\n")
        #expect(merged.metadata == ["parts": 4])
    }

    @Test("06 nested pipelines: two levels, defaults, parameter and artifact outputs")
    func nestedPipeline() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await SharedRuns.shared.example("06-nested-pipeline")
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        var expected: [String: String] = ["compare": "SUCCEEDED"]
        for outer in ["summarize-text", "summarize-text-2"] {
            for name in ["", "/clean-text", "/clean-text/normalize", "/count-words"] { expected[outer + name] = "SUCCEEDED" }
        }
        #expect(run.states == expected, run.diagnostics)
        #expect(run.task("summarize-text")?.displayName == "summarize first (default top_n)")
        #expect(run.returned("summarize-text-2/count-words") == "dog the")
        #expect(run.parameters == ["first_top": "the cat dog", "shared": "dog the"], run.diagnostics)
        let counts = try #require(run.artifact("second_counts"), run.diagnostics)
        #expect(counts.text == "word,count\ndog,2\nthe,2\nand,1\nbarked,1\ncats,1\ndogs,1\nran,1\n")
        #expect(counts.metadata == ["distinct_words": 7])
        let comparison = try #require(run.artifact("comparison"))
        #expect(comparison.text.contains("* first top words: the cat dog (7 distinct)"))
        #expect(comparison.text.contains("* second top words: dog the (7 distinct)"))
        #expect(comparison.text.contains("* shared: dog the"))
    }

    @Test("07 exit handler: everything runs; notify sees state COMPLETE")
    func exitHandler() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await SharedRuns.shared.example("07-exit-handler")
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        #expect(run.states == ["exit-handler-1": "SUCCEEDED", "exit-handler-1/prepare": "SUCCEEDED",
                               "exit-handler-1/maybe-fail": "SUCCEEDED", "exit-handler-1/after-maybe-fail": "SUCCEEDED",
                               "exit-handler-1/report-result": "SUCCEEDED", "notify": "SUCCEEDED"], run.diagnostics)
        #expect(run.task("exit-handler-1")?.displayName == "main-work")
        #expect(run.returned("exit-handler-1/prepare") == "Hello exit handler")
        #expect(run.returned("exit-handler-1/after-maybe-fail") == "Hello exit handler (processed) (checked)")
        #expect(run.returned("exit-handler-1/report-result") == "Hello exit handler (processed)")
        #expect(run.returned("notify") == "COMPLETE")
        #expect(await run.logs("notify").contains("hello exit handler: state=COMPLETE task=exit-handler-1 error=None/None"))
        #expect(run.parameters.isEmpty && run.artifacts.isEmpty)
    }

    @Test("07 exit handler with should_fail=true: body fails, exit task still runs and sees FAILED, exit 1")
    func exitHandlerFailing() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await SharedRuns.shared.example("07-exit-handler", ["should_fail=true"])
        #expect(run.code == 1 && run.state == "FAILED", run.diagnostics)
        #expect(run.states == ["exit-handler-1": "FAILED", "exit-handler-1/prepare": "SUCCEEDED",
                               "exit-handler-1/maybe-fail": "FAILED", "exit-handler-1/after-maybe-fail": "NOT_RUN",
                               "exit-handler-1/report-result": "SUCCEEDED", "notify": "SUCCEEDED"], run.diagnostics)
        let failed = try #require(run.task("exit-handler-1/maybe-fail"))
        #expect(failed.exitCode == 1 && failed.error == "exited with code 1")
        #expect(await run.logs("exit-handler-1/maybe-fail").contains("asked to fail while processing 'Hello exit handler'"))
        // ignore_upstream_failure: the missing upstream output is absent, so the component default applies.
        #expect(run.returned("exit-handler-1/report-result") == "no result: upstream failed")
        #expect(run.returned("notify") == "FAILED")
        #expect(await run.logs("notify").contains("hello exit handler: state=FAILED task=exit-handler-1"))
    }

    @Test("08 OneOf: the balanced branch (budget=7) feeds the OneOf outputs")
    func oneOf() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await SharedRuns.shared.example("08-oneof")
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        #expect(run.states == ["choose-mode": "SUCCEEDED", "condition-branches-1": "SUCCEEDED",
                               "condition-branches-1/condition-2": "SKIPPED", "condition-branches-1/condition-3": "SUCCEEDED",
                               "condition-branches-1/condition-3/build-model-2": "SUCCEEDED",
                               "condition-branches-1/condition-4": "SKIPPED", "inspect-model": "SUCCEEDED"], run.diagnostics)
        #expect(run.parameters == ["description": "balanced model with 6 layers",
                                   "inspected": "balanced model with 6 layers [mode=balanced;layers=6]"], run.diagnostics)
        let model = try #require(run.artifact("model"), run.diagnostics)
        #expect(model.text == "mode=balanced\nlayers=6\n")
        #expect(model.metadata == ["mode": "balanced", "layers": 6])
    }

    @Test("08 OneOf with budget=12: the thorough branch")
    func oneOfThorough() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await SharedRuns.shared.example("08-oneof", ["budget=12"])
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        #expect(run.states == ["choose-mode": "SUCCEEDED", "condition-branches-1": "SUCCEEDED",
                               "condition-branches-1/condition-2": "SUCCEEDED",
                               "condition-branches-1/condition-2/build-model": "SUCCEEDED",
                               "condition-branches-1/condition-3": "SKIPPED", "condition-branches-1/condition-4": "SKIPPED",
                               "inspect-model": "SUCCEEDED"], run.diagnostics)
        #expect(run.parameters["description"] == "thorough model with 12 layers", run.diagnostics)
        #expect(run.artifact("model")?.text == "mode=thorough\nlayers=12\n")
        #expect(run.artifact("model")?.metadata == ["mode": "thorough", "layers": 12])
    }

    @Test("09 importer: relative URI from a parameter; without --uri-map the gs:// importer fails with a clear message")
    func importer() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await SharedRuns.shared.example("09-importer")
        // An unmapped remote URI is an error that says how to map it (README); its consumer never runs.
        #expect(run.code == 1 && run.state == "FAILED", run.diagnostics)
        #expect(run.states == ["importer": "SUCCEEDED", "importer-2": "FAILED", "summarize-csv": "SUCCEEDED",
                               "inspect-reference": "NOT_RUN"], run.diagnostics)
        #expect(run.task("importer-2")?.error?.contains("pass --uri-map gs://tarmac-examples=DIR") == true, run.diagnostics)
        #expect(run.task("importer")?.state == "SUCCEEDED" && run.task("summarize-csv")?.state == "SUCCEEDED", run.diagnostics)
        #expect(run.returned("summarize-csv", "columns") == ["city", "country", "population_millions"])
        #expect(run.returned("summarize-csv", "source") == "shipped sample")
        #expect(run.parameters["rows"] == 5, run.diagnostics)
        try Self.expectImportedData(run)
    }

    @Test("09 importer with --uri-map gs://tarmac-examples=examples/09-importer/data: the model is read")
    func importerWithURIMap() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await SharedRuns.shared.example("09-importer", options: ["--uri-map", "gs://tarmac-examples=examples/09-importer/data"])
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        #expect(run.states == ["importer": "SUCCEEDED", "importer-2": "SUCCEEDED", "summarize-csv": "SUCCEEDED",
                               "inspect-reference": "SUCCEEDED"], run.diagnostics)
        #expect(run.parameters == ["rows": 5, "reference": "plain-text: baseline model v1"], run.diagnostics)
        try Self.expectImportedData(run)
        #expect(run.task("importer")?.kind == "importer" && run.task("importer-2")?.kind == "importer", run.diagnostics)
    }

    /// The `data` output: the shipped CSV itself (the relative default URI resolves against the example folder).
    static func expectImportedData(_ run: PipelineRun) throws {
        let data = try #require(run.artifact("data"), run.diagnostics)
        #expect(data.metadata == ["source": "shipped sample", "format": "csv"])
        #expect(data.uri == Repo.root.appendingPathComponent("examples/09-importer/data/sample.csv").path)
        #expect(data.text == Repo.read("examples/09-importer/data/sample.csv"))
    }

    @Test("10 task settings: env vars, resources, retries, caching options; first attempts succeed")
    func taskSettings() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await SharedRuns.shared.example("10-task-settings")
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        let names = ["read-env", "sum-of-squares", "divide", "uncached-echo", "keyed-echo"]
        #expect(run.states == Dictionary(uniqueKeysWithValues: names.map { ($0, "SUCCEEDED") }), run.diagnostics)
        #expect(run.tasks.allSatisfy { $0.attempts == 1 }, run.diagnostics)
        #expect(run.task("divide")?.displayName == "divide (asks for a GPU)")
        #expect(run.parameters == ["env": ["GREETING": "hello", "TARMAC_MODE": "demo", "NOT_SET_ANYWHERE": "<unset>"],
                                   "total": 385, "ratio": 96.25], run.diagnostics)
    }

    @Test("10 task settings, second run: same outputs; uncached-echo runs again, the others may be cache hits")
    func taskSettingsSecondRun() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let first = await SharedRuns.shared.example("10-task-settings")
        let second = await runPipeline("examples/10-task-settings/pipeline.yaml")
        #expect(second.code == 0 && second.state == "SUCCEEDED", second.diagnostics)
        #expect(second.parameters == first.parameters && !second.parameters.isEmpty, second.diagnostics)
        #expect(second.states["uncached-echo"] == "SUCCEEDED", "caching is disabled on uncached-echo")
        for name in ["read-env", "sum-of-squares", "divide", "keyed-echo"] {
            #expect(["SUCCEEDED", "CACHED"].contains(second.states[name] ?? "missing"), second.diagnostics)
        }
    }

    @Test("11 kubernetes: PVC hand-off, optional secret unset, scheduling hints ignored with a warning")
    func kubernetes() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await HostMount.shared.using { await SharedRuns.shared.example("11-kubernetes") }
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        #expect(run.states == ["write-shared": "SUCCEEDED", "read-shared": "SUCCEEDED", "check-secret": "SUCCEEDED"],
                run.diagnostics)
        #expect(run.parameters == ["Output": "written by write-shared"], run.diagnostics)
        #expect(run.returned("check-secret") == (E2E.environment["DEMO_TOKEN"] == nil ? "unset" : "set"))
        // The subprocess runner cannot mount the PVC: the components use the host's /mnt/shared, and it says so.
        #expect(run.stderr.contains("the subprocess runner cannot mount volumes: tasks see the host paths /mnt/shared"), run.diagnostics)
    }

    @Test("12 placeholders: f-strings over channels, job/task placeholders, .after()")
    func placeholders() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await SharedRuns.shared.example("12-placeholders")
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        let names = ["pick-word", "greet", "shout", "run-info"]
        #expect(run.states == Dictionary(uniqueKeysWithValues: names.map { ($0, "SUCCEEDED") }), run.diagnostics)
        #expect(run.parameters == ["message": "Hello, world!", "loud": "HELLO, WORLD!"], run.diagnostics)
        let greetLog = await run.logs("greet")
        let line = try #require(greetLog.split(separator: "\n").first { $0.hasPrefix("job=") }.map(String.init),
                                "greet prints job=… task=… created=…:\n\(greetLog)")
        let fields = Self.fields(line, separator: " ")
        #expect(fields["task"] == "greet")
        // The run's display name, as the SDK client names a run: "<pipeline> <YYYY-MM-DD HH-MM-SS>" (it has a space).
        let jobName = try #require(line.firstMatch(of: /job=(.+) task=/).map { String($0.1) }, "\(line)")
        #expect(jobName.wholeMatch(of: /placeholders \d{4}-\d\d-\d\d \d\d-\d\d-\d\d/) != nil, "\(line)")
        #expect(fields["created"]?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/) != nil, "RFC 3339 UTC: \(line)")
        let info = Self.fields(try String(contentsOfFile: run.taskDirectory("run-info") + "/info", encoding: .utf8), separator: "\n")
        #expect(info == ["label": "after Hello", "job": jobName, "task": "run-info"])
        // `.after(shout)` without a data dependency: run-info starts only once shout has finished
        // (timestamps have whole seconds, so equal is allowed).
        let shoutFinished = try #require(run.task("shout")?.finished), infoStarted = try #require(run.task("run-info")?.started)
        #expect(infoStarted >= shoutFinished)
    }

    static func fields(_ text: String, separator: Character) -> [String: String] {
        var result: [String: String] = [:]
        for part in text.split(separator: separator) {
            guard let eq = part.firstIndex(of: "=") else { continue }
            result[String(part[..<eq])] = String(part[part.index(after: eq)...])
        }
        return result
    }
}
