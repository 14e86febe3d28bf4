import Basics
import ContentStore
import Foundation
import RunDatabase
import Testing

// The execution cache, end to end: real runs of `cache-chain` (Tests/Fixtures/pipelines, compiled by the real
// KFP compiler) on a store of each test's own, so entry counts and CACHED states are the test's alone.

@Suite("End-to-end: execution cache",
       .enabled(if: E2E.compilerTestsEnabled, "needs the KFP compiler venv (scripts/compile-examples makes it)"))
struct EndToEndCacheTests {
    static let cacheable = ["produce", "measure", "label", "join", "measure-2"]

    private func chain(_ store: String, _ arguments: [String] = []) async throws -> PipelineRun {
        await runPipeline(try await FixturePipelines.shared.yaml("cache-chain"), ["--store", store] + arguments)
    }

    private func entries(_ store: String) throws -> [CacheEntry] {
        try RunStore(path: store + "/tarmac.sqlite").cacheEntries()
    }

    @Test("a second identical run executes nothing cacheable: every such task is CACHED with the same outputs")
    func identicalRerunIsCached() async throws {
        let store = isolatedStore("rerun")
        let first = try await chain(store)
        #expect(first.code == 0, first.diagnostics)
        #expect(Set(first.states.values) == ["SUCCEEDED"], first.diagnostics)
        #expect(try entries(store).count == Self.cacheable.count)
        let second = try await chain(store)
        #expect(second.code == 0, second.diagnostics)
        for task in Self.cacheable { #expect(second.states[task] == "CACHED", "\(task)\n\(second.diagnostics)") }
        #expect(second.states["produce-2"] == "SUCCEEDED", "caching disabled: it always runs")
        #expect(second.artifact("Output")?.path != first.artifact("Output")?.path, "the hit is materialized into the new run")
        #expect(second.artifact("Output").map { contentDigest($0.path) } == first.artifact("Output").map { contentDigest($0.path) })
        let output = try #require(second.artifact("Output"))
        #expect(try String(contentsOfFile: output.path + "/report.txt", encoding: .utf8) == "p-label:3")
        #expect(FileManager.default.fileExists(atPath: first.taskDirectory("join") + "/attempt-0.log"), "the first run executed join")
        #expect(!FileManager.default.fileExists(atPath: second.taskDirectory("join") + "/attempt-0.log"), "nothing ran")
        #expect(try entries(store).count == Self.cacheable.count, "a hit writes no new entry")
    }

    @Test("changing one parameter reruns exactly the tasks downstream of it")
    func changedParameterRerunsDownstream() async throws {
        let store = isolatedStore("param")
        #expect(try await chain(store).code == 0)
        let changed = try await chain(store, ["--param", "prefix=q", "--explain"])
        #expect(changed.code == 0, changed.diagnostics)
        #expect(changed.states == ["produce": "CACHED", "measure": "CACHED", "measure-2": "CACHED", "produce-2": "SUCCEEDED",
                                   "label": "SUCCEEDED", "join": "SUCCEEDED"], changed.diagnostics)
        #expect(changed.stderr.contains("input parameter 'prefix' changed: \"p\" → \"q\""), changed.diagnostics)
        let explained = await tarmacOffThread(["explain", changed.runID, "join", "--store", store])
        #expect(explained.code == 0)
        #expect(explained.stdout.contains("join: ran (cache miss)"), "\(explained.stdout)\(explained.stderr)")
        #expect(explained.stdout.contains("input parameter 'label' changed: \"p-label\" → \"q-label\""), "\(explained.stdout)")
    }

    @Test("an upstream task that reruns but writes identical bytes lets its consumers hit (the KFP backend would miss)")
    func identicalBytesFromARerunUpstreamHit() async throws {
        let store = isolatedStore("content")
        #expect(try await chain(store).code == 0)
        let upper = try await chain(store, ["--param", "text=ABC"])
        #expect(upper.code == 0, upper.diagnostics)
        #expect(upper.states["produce"] == "SUCCEEDED", "its input changed, so it ran")
        #expect(upper.states["measure"] == "CACHED", "it reads the same bytes: \(upper.diagnostics)")
        #expect(upper.states["join"] == "CACHED", upper.diagnostics)
        #expect(upper.states["measure-2"] == "CACHED", "produce-2 always reruns and writes the same bytes")
    }

    @Test("a failed task is never cached: the next run executes it again")
    func failuresAreNotCached() async throws {
        let store = isolatedStore("failure")
        let path = try await FixturePipelines.shared.yaml("task-fails")
        let first = await runPipeline(path, ["--store", store, "--max-parallel", "4"])
        #expect(first.code == 1 && first.states["fail"] == "FAILED", first.diagnostics)
        let second = await runPipeline(path, ["--store", store, "--max-parallel", "4"])
        #expect(second.states["fail"] == "FAILED" && second.task("fail")?.attempts == 1, second.diagnostics)
        #expect(second.states["gate"] == "CACHED", second.diagnostics)
        // (`after-gate` may or may not have run before fail-fast stopped the second run: gate was a hit.)
        let names = try entries(store).map(\.taskName)
        #expect(names.contains("gate") && !names.contains("fail"), "\(names)")
    }

    @Test("a blob deleted or damaged by hand turns the hit into a miss that reruns and repairs the entry")
    func missingOrDamagedBlobsAreRepaired() async throws {
        let store = isolatedStore("repair")
        #expect(try await chain(store).code == 0)
        let objects = ContentStore(root: store + "/objects")
        let joinEntry = try #require(try entries(store).first { $0.taskName == "join" })
        let treeText = try #require(joinEntry.objects.first)
        let tree = try #require(ObjectID(treeText))
        for hex in objects.closure(of: [tree]) { unlink(objects.blobPath(hex)) }
        let measureEntry = try #require(try entries(store).first { $0.taskName == "produce" })
        let blobText = try #require(measureEntry.objects.first)
        let blob = objects.blobPath(try #require(ObjectID(blobText)).hex)
        chmod(blob, 0o644)
        try Data("tampered".utf8).write(to: URL(fileURLWithPath: blob))
        let repaired = try await chain(store)
        #expect(repaired.code == 0, repaired.diagnostics)
        #expect(repaired.states["join"] == "SUCCEEDED" && repaired.states["produce"] == "SUCCEEDED", repaired.diagnostics)
        #expect(repaired.states["label"] == "CACHED", repaired.diagnostics)
        let again = try await chain(store)
        for task in Self.cacheable { #expect(again.states[task] == "CACHED", "\(task)\n\(again.diagnostics)") }
        let report = try #require(again.artifact("Output"))
        #expect(try String(contentsOfFile: report.path + "/report.txt", encoding: .utf8) == "p-label:3")
    }

    @Test("--no-cache neither looks up nor writes; --cache-mode read looks up only; write always runs")
    func cacheModes() async throws {
        let store = isolatedStore("modes")
        let off = try await chain(store, ["--no-cache"])
        #expect(off.code == 0 && Set(off.states.values) == ["SUCCEEDED"], off.diagnostics)
        #expect(try entries(store).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: store + "/objects"), "--no-cache ingests nothing")
        let readOnly = try await chain(store, ["--cache-mode", "read"])
        #expect(Set(readOnly.states.values) == ["SUCCEEDED"], readOnly.diagnostics)
        #expect(try entries(store).isEmpty)
        let write = try await chain(store, ["--cache-mode", "write"])
        #expect(Set(write.states.values) == ["SUCCEEDED"], write.diagnostics)
        #expect(try entries(store).count == Self.cacheable.count)
        let read = try await chain(store, ["--cache-mode", "read"])
        #expect(read.states["join"] == "CACHED", read.diagnostics)
        let bad = try await chain(store, ["--cache-mode", "sometimes"])
        #expect(bad.code == 2 && bad.stderr.contains("--cache-mode must be one of"), bad.diagnostics)
    }

    @Test("two runs of one pipeline started at the same moment on one store both succeed and leave one entry per task")
    func concurrentRunsShareTheCache() async throws {
        let store = isolatedStore("concurrent")
        let path = try await FixturePipelines.shared.yaml("cache-chain")
        async let a = runPipeline(path, ["--store", store])
        async let b = runPipeline(path, ["--store", store])
        let (one, two) = await (a, b)
        #expect(one.code == 0 && two.code == 0, "\(one.diagnostics)\n\(two.diagnostics)")
        let found = try entries(store)
        #expect(found.count == Self.cacheable.count && Set(found.map(\.taskName)) == Set(Self.cacheable))
        let verify = await tarmacOffThread(["cache", "verify", "--store", store])
        #expect(verify.code == 0 && verify.stdout.contains("0 damaged; 0 entries need a missing object"), "\(verify.stdout)\(verify.stderr)")
        #expect(try RunStore(path: store + "/tarmac.sqlite").integrityCheck() == ["ok"])
    }

    @Test("cache stats, prune, clear and verify keep every object a recorded run or entry needs")
    func maintenanceCommands() async throws {
        let store = isolatedStore("maintain")
        #expect(try await chain(store).code == 0)
        #expect(try await chain(store).code == 0)
        let stats = await tarmacOffThread(["cache", "stats", "--store", store])
        #expect(stats.stdout.contains("entries   5 (1 pipelines)"), "\(stats.stdout)")
        #expect(stats.stdout.contains("hit rate  50% (5 hits, 5 misses) over the last 2 runs"), "\(stats.stdout)")
        let objects = ContentStore(root: store + "/objects")
        let orphanFile = store + "/orphan.txt"
        try Data("nobody needs me".utf8).write(to: URL(fileURLWithPath: orphanFile))
        let orphan = try objects.ingest(orphanFile)
        let young = await tarmacOffThread(["cache", "prune", "--older-than", "7d", "--store", store])
        #expect(young.stdout == "removed 0 entries and 0 objects (0 bytes)\n", "\(young.stdout)\(young.stderr)")
        let pruned = await tarmacOffThread(["cache", "prune", "--max-size", "0", "--grace", "0s", "--store", store])
        #expect(pruned.stdout.hasPrefix("removed 5 entries and 1 objects"), "\(pruned.stdout)\(pruned.stderr)")
        #expect(!objects.contains(orphan.id))
        let afterPrune = try await chain(store)
        #expect(Set(afterPrune.states.values) == ["SUCCEEDED"], "no entries left: \(afterPrune.diagnostics)")
        let clear = await tarmacOffThread(["cache", "clear", "--store", store])
        #expect(clear.stdout.hasPrefix("removed 5 entries and 0 objects"), "the runs still reference every object: \(clear.stdout)")
        let blob = try #require(objects.blobs().first)
        chmod(objects.blobPath(blob.hex), 0o644)
        try Data("bit rot".utf8).write(to: URL(fileURLWithPath: objects.blobPath(blob.hex)))
        let verify = await tarmacOffThread(["cache", "verify", "--store", store])
        #expect(verify.code == 1 && verify.stdout.contains("1 damaged"), "\(verify.stdout)\(verify.stderr)")
        #expect(await tarmacOffThread(["cache", "verify", "--store", store]).code == 0, "the damaged blob was removed")
        let usage = await tarmacOffThread(["cache", "prune", "--store", store])
        #expect(usage.code == 2 && usage.stderr.contains("say what to prune"))
    }

    @Test("plan --cache says which tasks would hit and why the others would run, and runs and records nothing")
    func planShowsCacheHits() async throws {
        let store = isolatedStore("plan")
        let path = try await FixturePipelines.shared.yaml("cache-chain")
        #expect(try await chain(store).code == 0)
        let runsBefore = try RunStore(path: store + "/tarmac.sqlite").runs(limit: 0).count
        let plan = await tarmacOffThread(["plan", path, "--cache", "--store", store, "--param", "prefix=q"])
        #expect(plan.code == 0, "\(plan.stderr)")
        let lines = plan.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).prefix(2).joined(separator: " ") }
        #expect(lines.dropFirst().dropLast() == ["RUNS join", "RUNS label", "CACHED measure", "RUNS measure-2", "CACHED produce", "RUNS produce-2"],
                "\(plan.stdout)")
        #expect(plan.stdout.contains("input parameter 'prefix' changed: \"p\" → \"q\""), "\(plan.stdout)")
        #expect(plan.stdout.hasSuffix("2 from the cache, 4 would run\n"), "\(plan.stdout)")
        #expect(try RunStore(path: store + "/tarmac.sqlite").runs(limit: 0).count == runsBefore, "a plan records no run")
    }
}
