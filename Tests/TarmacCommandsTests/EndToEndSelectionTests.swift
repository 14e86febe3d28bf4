import Foundation
import Planner
import Testing
@testable import TarmacCommands

// Partial runs (`--only`, `--from`, `--until`) on `cache-chain` (Tests/Fixtures/pipelines), compiled by the real
// KFP compiler, each on a store of its own.

@Suite("End-to-end: --only, --from, --until",
       .enabled(if: E2E.compilerTestsEnabled, "needs the KFP compiler venv (scripts/compile-examples makes it)"))
struct EndToEndSelectionTests {
    private func chain(_ store: String, _ arguments: [String] = []) async throws -> PipelineRun {
        await runPipeline(try await FixturePipelines.shared.yaml("cache-chain"), ["--store", store] + arguments)
    }

    @Test("--only runs that one task, forced, with its upstream from the cache; the rest is SKIPPED")
    func onlyRunsOneTask() async throws {
        let store = isolatedStore("only")
        #expect(try await chain(store).code == 0)
        let run = try await chain(store, ["--only", "join", "--param", "prefix=p"])
        #expect(run.code == 0, run.diagnostics)
        #expect(run.states == ["produce": "CACHED", "measure": "CACHED", "label": "CACHED", "join": "SUCCEEDED",
                               "produce-2": "SKIPPED", "measure-2": "SKIPPED"], run.diagnostics)
        #expect(run.task("measure-2")?.error == "not selected by --only join")
        let output = try #require(run.artifact("Output"))
        #expect(try String(contentsOfFile: output.path + "/report.txt", encoding: .utf8) == "p-label:3")
    }

    @Test("--only with the cache off reuses the upstream outputs of the latest run in place")
    func onlyReusesTheLatestRun() async throws {
        let store = isolatedStore("only-reuse")
        let first = try await chain(store, ["--no-cache"])
        #expect(first.code == 0, first.diagnostics)
        let run = try await chain(store, ["--only", "join", "--no-cache"])
        #expect(run.code == 0, run.diagnostics)
        #expect(run.states["measure"] == "CACHED" && run.states["join"] == "SUCCEEDED", run.diagnostics)
        let explained = await tarmacOffThread(["explain", run.runID, "measure", "--store", store])
        #expect(explained.stdout.contains("--only reused the outputs"), "\(explained.stdout)")
        let empty = isolatedStore("only-empty")
        let nothing = try await chain(empty, ["--only", "join", "--no-cache"])
        #expect(nothing.code == 1, nothing.diagnostics)
        #expect(nothing.task("label")?.error?.contains("has none in this store (nor a cache hit): run the whole pipeline once first") == true,
                nothing.diagnostics)
    }

    @Test("--from forces that task and its downstream; --until stops after the task")
    func fromAndUntil() async throws {
        let store = isolatedStore("from-until")
        #expect(try await chain(store).code == 0)
        let from = try await chain(store, ["--from", "label"])
        #expect(from.states == ["produce": "CACHED", "measure": "CACHED", "label": "SUCCEEDED", "join": "SUCCEEDED",
                                "produce-2": "SUCCEEDED", "measure-2": "CACHED"], from.diagnostics)
        let until = try await chain(store, ["--until", "measure"])
        #expect(until.code == 0, until.diagnostics)
        #expect(until.states == ["produce": "CACHED", "measure": "CACHED", "label": "SKIPPED", "join": "SKIPPED",
                                 "produce-2": "SKIPPED", "measure-2": "SKIPPED"], until.diagnostics)
    }

    @Test("a selection names a task of the pipeline, by key or path, with did-you-mean")
    func selectionErrors() async throws {
        let store = isolatedStore("select-errors")
        let typo = try await chain(store, ["--until", "mesure"])
        #expect(typo.code == 65 && typo.stderr.contains("the pipeline has no task 'mesure'") && typo.stderr.contains("did you mean 'measure'?"),
                typo.diagnostics)
        let two = try await chain(store, ["--only", "join", "--from", "label"])
        #expect(two.code == 2 && two.stderr.contains("choose one of --only, --from and --until"), two.diagnostics)
    }

    @Test("roles in a nested pipeline: the task's enclosing group runs, siblings upstream are reused or run, others skipped")
    func rolesInNestedGroups() throws {
        let file = try PipelineFile.load(Repo.root.appendingPathComponent("examples/03-ml-pipeline/pipeline.yaml").path)
        let only = try TaskSelection(.only, task: "condition-1/deploy", in: file.spec)
        #expect(try TaskSelection(.until, task: "deploy", in: file.spec).path == ["condition-1", "deploy"])
        #expect(only.role(of: ["condition-1"]) == .run)
        #expect(only.role(of: ["condition-1", "deploy"]) == .forceRun)
        #expect(only.role(of: ["evaluate"]) == .reuse)
        #expect(only.role(of: ["train"]) == .reuse)
        let from = try TaskSelection(.from, task: "train", in: file.spec)
        #expect(from.role(of: ["preprocess"]) == .run)
        #expect(from.role(of: ["evaluate"]) == .forceRun)
        #expect(from.role(of: ["condition-1", "deploy"]) == .forceRun, "inside a group downstream of train")
        let until = try TaskSelection(.until, task: "train", in: file.spec)
        #expect(until.role(of: ["evaluate"]) == .skip && until.role(of: ["preprocess"]) == .run)
        #expect(TaskSelection.keyPath(ofInstance: "for-loop-2[3]/add") == ["for-loop-2", "add"])
    }
}
