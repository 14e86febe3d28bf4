import Basics
import Engine
import EngineTestSupport
import Foundation
import Planner
import RunDatabase
import Testing

/// `RunServices.dryRun` (`plan --cache`): the look-up-only cache, the recorder that writes nothing and the runner that
/// runs nothing, on example 01 in a store of its own.
@Suite struct DryRunTests {
    static let pipeline = "examples/01-shell-components/pipeline.yaml"

    func dryRun(_ harness: EngineHarness) throws -> RunSummary {
        try PipelineRunner(spec: harness.spec, pipelineFile: harness.path, parameters: RunParameters.resolve([:], for: harness.spec),
                                  options: harness.makeOptions(keepGoing: true), store: RunStore(path: harness.store + "/tarmac.sqlite"), services: .dryRun,
                                  sink: SilentEvents()).run()
    }

    @Test("in an empty store the tasks without upstream would run and the rest is NOT_RUN; no run, directory or cache entry is written")
    func emptyStore() throws {
        let harness = try EngineHarness(Self.pipeline)
        let summary = try dryRun(harness)
        #expect(summary.states == ["write-lines": .failed, "render-banner": .failed, "render-banner-2": .failed,
                                   "shout": .notRun, "assemble-report": .notRun])
        for name in ["write-lines", "render-banner", "render-banner-2"] {
            let task = try #require(summary.task(name))
            #expect(task.error == WouldRunRunner.message && task.cacheStatus == .miss && task.attempts == 0, "\(name)")
        }
        let store = try RunStore(path: harness.store + "/tarmac.sqlite")
        #expect(try store.runs(limit: 0).isEmpty && store.cacheEntries().isEmpty)
        let runs = harness.options.output.pipelineRoot + "/" + harness.spec.name
        #expect(!FileManager.default.fileExists(atPath: runs), "no task directory is made")
    }

    @Test("after a full run every task is CACHED from its entry, whose objects are not copied and whose use is not recorded")
    func afterAFullRun() throws {
        let harness = try EngineHarness(Self.pipeline)
        #expect(try harness.run(harness.fake()).state == .succeeded)
        let store = try RunStore(path: harness.store + "/tarmac.sqlite")
        let entries = try store.cacheEntries()
        let summary = try dryRun(harness)
        #expect(summary.tasks.allSatisfy { $0.state == .cached && $0.cacheStatus == .hit }, "\(summary.states)")
        #expect(try store.runs(limit: 0).count == 1, "the dry run is not recorded")
        #expect(try store.cacheEntries().map(\.lastUsed) == entries.map(\.lastUsed))
        let runDirectories = try FileManager.default.contentsOfDirectory(atPath: harness.options.output.pipelineRoot + "/" + harness.spec.name)
        #expect(runDirectories.count == 1, "only the full run's directory: \(runDirectories)")
    }
}
