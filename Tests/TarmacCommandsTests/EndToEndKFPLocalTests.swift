import Basics
import Foundation
import Testing

// Tarmac against the SDK's own local runner: every example that kfp.local 2.17.3 can run is run by both
// (scripts/kfp-local-run, SubprocessRunner(use_venv=False)) with the same parameters, and the pipeline output
// parameters, artifact contents (SHA-256) and artifact metadata must be equal. Where kfp.local cannot run an
// example, or runs part of it wrongly, the test says why (comment and Comment), checks that kfp.local still
// behaves that way (so a fixed kfp.local is noticed) and checks Tarmac against ir-semantics.md instead.

/// What scripts/kfp-local-run wrote.
struct KFPLocalRun: Sendable {
    struct Artifact: Sendable {
        let uri: String
        let metadata: [String: JSONValue]
        let sha256: String?
    }

    let arguments: [String]
    let code: Int32
    let stderr: String
    let state: String
    let error: String?
    let parameters: [String: JSONValue]
    let artifacts: [String: [Artifact]]

    var diagnostics: Comment { diagnostics(expecting: nil) }

    /// The diagnostics, after what the test expected of kfp.local and why.
    func diagnostics(expecting: String?) -> Comment {
        Comment(rawValue: (expecting.map { $0 + "\n" } ?? "") + "scripts/kfp-local-run \(arguments.joined(separator: " ")) → exit \(code), state \(state)"
            + (error.map { ", error: \($0)" } ?? "") + "\nstderr (end):\n\(stderr.suffix(2500))")
    }
}

/// Runs `scripts/kfp-local-run examples/<example>/pipeline.py OUT.json --param ...` (or `file`, another DSL file).
func kfpLocal(_ example: String, _ parameters: [String] = [], file: String? = nil) async -> KFPLocalRun {
    let out = E2E.scratchDirectory("kfp-local-\(example)") + "/outputs.json"
    let arguments = [file ?? "examples/\(example)/pipeline.py", out] + parameters.flatMap { ["--param", $0] }
    let script = Repo.root.appendingPathComponent("scripts/kfp-local-run").path
    let result = await runProcess(["bash", script] + arguments, in: Repo.root.path)
    let document = FileManager.default.contents(atPath: out).flatMap { try? JSONValue.parse($0) } ?? .object([:])
    let artifacts = (document["artifacts"]?.objectValue ?? [:]).mapValues { list in
        (list.arrayValue ?? []).map {
            KFPLocalRun.Artifact(uri: $0["uri"]?.stringValue ?? "", metadata: $0["metadata"]?.objectValue ?? [:],
                                 sha256: $0["sha256"]?.stringValue)
        }
    }
    return KFPLocalRun(arguments: arguments, code: result.code, stderr: result.stderr,
                       state: document["state"]?.stringValue ?? "NO OUTPUT", error: document["error"]?.stringValue,
                       parameters: document["parameters"]?.objectValue ?? [:], artifacts: artifacts)
}

/// Expects equal pipeline outputs: `parameters` and `artifacts` name what to compare (all outputs when nil,
/// and then the two sets of names must be equal too). Numbers compare as numbers (`7` equals `7.0`).
func expectSameOutputs(_ tarmac: PipelineRun, _ local: KFPLocalRun, parameters: Set<String>? = nil,
                       artifacts: Set<String>? = nil, bothSucceed: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) {
    if bothSucceed {
        #expect(tarmac.state == "SUCCEEDED", tarmac.diagnostics, sourceLocation: sourceLocation)
        #expect(local.state == "SUCCEEDED", local.diagnostics, sourceLocation: sourceLocation)
    }
    let parameterNames = parameters ?? Set(tarmac.parameters.keys).union(local.parameters.keys)
    let artifactNames = artifacts ?? Set(tarmac.artifacts.keys).union(local.artifacts.keys)
    for name in parameterNames.sorted() {
        #expect(tarmac.parameters[name] != nil && tarmac.parameters[name] == local.parameters[name],
                "output parameter \(name): tarmac \(String(describing: tarmac.parameters[name])), kfp.local \(String(describing: local.parameters[name]))",
                sourceLocation: sourceLocation)
    }
    for name in artifactNames.sorted() {
        let ours = tarmac.artifacts[name] ?? [], theirs = local.artifacts[name] ?? []
        #expect(!ours.isEmpty && ours.count == theirs.count, "output artifact \(name): \(ours.count) vs \(theirs.count) artifacts",
                sourceLocation: sourceLocation)
        for (mine, reference) in zip(ours, theirs) {
            #expect(contentDigest(mine.path) == reference.sha256,
                    "output artifact \(name): content differs (tarmac \(mine.path), kfp.local \(reference.uri))",
                    sourceLocation: sourceLocation)
            #expect(mine.metadata == reference.metadata, "output artifact \(name): metadata differs", sourceLocation: sourceLocation)
        }
    }
}

@Suite("End-to-end: Tarmac vs kfp.local", .enabled(if: E2E.pythonTestsEnabled, "needs python3 (and PyPI once, for the kfp-local venv)"))
struct EndToEndKFPLocalTests {
    @Test("01: kfp.local refuses container components; Tarmac resolves Concat/IfPresent (§4.5.1)")
    func shellComponents() async throws {
        try Repo.requireRootIsCurrentDirectory()
        // Not comparable: kfp.local's SubprocessRunner runs only Lightweight Python components. (footer is
        // passed so that kfp.local's other limitation, optional inputs without defaults, does not hide this one.)
        let local = await kfpLocal("01-shell-components", ["footer=bye"])
        #expect(local.state == "FAILED" && local.error?.contains("only supports running Lightweight Python Components") == true,
                local.diagnostics(expecting: "kfp.local is expected to refuse container components"))
        // Instead: the recommended local resolver evaluates Concat and IfPresent (with and without else_).
        let run = await SharedRuns.shared.example("01-shell-components", ["footer=bye"])
        #expect(run.artifact("report")?.text == EndToEndExampleTests.report(footerB: "bye"), run.diagnostics)
    }

    @Test("02: same outputs as kfp.local (with note given: kfp.local cannot leave an optional input without default unset)")
    func pythonTypes() async throws {
        try Repo.requireRootIsCurrentDirectory()
        async let withNote = kfpLocal("02-python-types", ["note=from the test"])
        async let withoutNote = kfpLocal("02-python-types")
        let run = await SharedRuns.shared.example("02-python-types", ["note=from the test"])
        expectSameOutputs(run, await withNote)
        #expect(run.returned("describe-params", "summary") == "typed values! x4 enabled=True note=from the test")
        let failing = await withoutNote
        #expect(failing.state == "FAILED", failing.diagnostics(expecting: "kfp.local is expected to fail on an optional input without default"))
        // Tarmac binds an absent optional input as absent: the component default (None) applies.
        let defaults = await SharedRuns.shared.example("02-python-types")
        #expect(defaults.returned("describe-params", "summary") == "typed values! x4 enabled=True note=None", defaults.diagnostics)
    }

    @Test("03: same outputs as kfp.local; kfp.local wrongly skips deploy, Tarmac runs it (§3.2)")
    func mlPipeline() async throws {
        try Repo.requireRootIsCurrentDirectory()
        async let local = kfpLocal("03-ml-pipeline")
        let run = await SharedRuns.shared.example("03-ml-pipeline")
        expectSameOutputs(run, await local)
        // kfp.local cannot resolve the named output `evaluate-accuracy` in the condition and treats it as false;
        // the pipeline outputs do not show it. The backend resolves the group task's input and evaluates
        // 0.966667 >= 0.8 → true: deploy runs.
        #expect(run.states["condition-1"] == "SUCCEEDED" && run.states["condition-1/deploy"] == "SUCCEEDED", run.diagnostics)
    }

    @Test("04: same outputs as kfp.local; kfp.local wrongly skips few-vowels, Tarmac runs it (§3.2)")
    func conditions() async throws {
        try Repo.requireRootIsCurrentDirectory()
        async let local = kfpLocal("04-conditions")
        let run = await SharedRuns.shared.example("04-conditions")
        expectSameOutputs(run, await local)
        // kfp.local cannot resolve named outputs of root-level tasks in conditions (few-vowels compares
        // measure.vowel_ratio 0.3571 < 0.5): it skips the group. Backend semantics: true, so it runs.
        #expect(run.states["condition-9"] == "SUCCEEDED" && run.states["condition-9/announce-7"] == "SUCCEEDED", run.diagnostics)
    }

    @Test("05: same described/sum_of_squares/merged as kfp.local; labels differ (kfp.local mishandles nested Collected)")
    func parallelFor() async throws {
        try Repo.requireRootIsCurrentDirectory()
        async let localRun = kfpLocal("05-parallel-for")
        let run = await SharedRuns.shared.example("05-parallel-for")
        let local = await localRun
        expectSameOutputs(run, local, parameters: ["described", "sum_of_squares"], artifacts: ["merged"])
        // Not comparable: kfp.local passes nested collections unflattened and binds the wrong loop item in the
        // nested loop ("6:1.01|1.01|2.02|…"). The cluster flattens nested Collected into one list (§7 #15).
        #expect(local.parameters["labels"] != run.parameters["labels"],
                local.diagnostics(expecting: "kfp.local is expected to get labels wrong; if it now matches, compare labels too"))
        #expect(run.parameters["labels"] == "6:x1|x2|x3|y1|y2|y3", run.diagnostics)
    }

    @Test("06: same outputs as kfp.local (nested pipelines)")
    func nestedPipeline() async throws {
        try Repo.requireRootIsCurrentDirectory()
        async let local = kfpLocal("06-nested-pipeline")
        expectSameOutputs(await SharedRuns.shared.example("06-nested-pipeline"), await local)
    }

    @Test("07: same (empty) outputs as kfp.local; with should_fail=true kfp.local crashes, Tarmac follows §6.3/§6.5")
    func exitHandler() async throws {
        try Repo.requireRootIsCurrentDirectory()
        async let local = kfpLocal("07-exit-handler")
        async let localFailing = kfpLocal("07-exit-handler", ["should_fail=true"])
        expectSameOutputs(await SharedRuns.shared.example("07-exit-handler"), await local)
        // Not comparable on the failure path: kfp.local crashes ("task 'maybe-fail' not found").
        let crashed = await localFailing
        #expect(crashed.state == "FAILED" && crashed.error?.contains("maybe-fail") == true,
                crashed.diagnostics(expecting: "kfp.local is expected to crash on the failing ExitHandler body"))
        // Backend: the exit task runs after the failed body and sees FAILED; the run fails.
        let run = await SharedRuns.shared.example("07-exit-handler", ["should_fail=true"])
        #expect(run.state == "FAILED" && run.states["notify"] == "SUCCEEDED" && run.returned("notify") == "FAILED", run.diagnostics)
    }

    @Test("08: kfp.local cannot run an artifact OneOf; Tarmac resolves both OneOfs (§2.9.6)")
    func oneOf() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let local = await kfpLocal("08-oneof")
        #expect(local.state == "FAILED" && local.error?.contains("Expected 1 artifact in ArtifactSelectorSpec. Got: 3") == true,
                local.diagnostics(expecting: "kfp.local is expected to reject the artifact OneOf"))
        let run = await SharedRuns.shared.example("08-oneof")
        #expect(run.parameters["description"] == "balanced model with 6 layers", run.diagnostics)
        #expect(run.artifact("model")?.metadata == ["mode": "balanced", "layers": 6], run.diagnostics)
    }

    @Test("09: same data and rows as kfp.local; Tarmac refuses the unmapped gs:// URI that kfp.local records as is")
    func importer() async throws {
        try Repo.requireRootIsCurrentDirectory()
        async let local = kfpLocal("09-importer")
        let run = await SharedRuns.shared.example("09-importer")
        let reference = await local
        #expect(reference.state == "SUCCEEDED", reference.diagnostics)
        expectSameOutputs(run, reference, parameters: ["rows"], artifacts: ["data"], bothSucceed: false)
        // A deliberate divergence: kfp.local (like the cluster's importer) records the remote URI without
        // downloading it; Tarmac fails the importer and names the --uri-map to add (see the README).
        #expect(run.state == "FAILED" && run.states["importer-2"] == "FAILED", run.diagnostics)
    }

    @Test("10: same outputs as kfp.local (env vars, retries and resources do not change results)")
    func taskSettings() async throws {
        try Repo.requireRootIsCurrentDirectory()
        async let local = kfpLocal("10-task-settings")
        expectSameOutputs(await SharedRuns.shared.example("10-task-settings"), await local)
    }

    @Test("11: same output as kfp.local (PVC hand-off through the host directory)")
    func kubernetes() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let (run, local) = await HostMount.shared.using {
            async let local = kfpLocal("11-kubernetes")
            return (await SharedRuns.shared.example("11-kubernetes"), await local)
        }
        expectSameOutputs(run, local)
    }

    @Test("12: kfp.local cannot resolve the create-time placeholder; Tarmac resolves job placeholders (§4.5.2)")
    func placeholders() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let local = await kfpLocal("12-placeholders")
        #expect(local.state == "FAILED", local.diagnostics(expecting: "kfp.local is expected to fail on {{$.pipeline_job_create_time_utc}}"))
        let run = await SharedRuns.shared.example("12-placeholders")
        #expect(run.parameters == ["message": "Hello, world!", "loud": "HELLO, WORLD!"], run.diagnostics)
        #expect(await run.logs("greet").contains("task=greet created=20"), run.diagnostics)
    }
}
