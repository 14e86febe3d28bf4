import Basics
import Engine
import EngineTestSupport
import Planner
import Testing

/// The execution cache and partial runs (`--only/--from/--until`) on example 01, in one store: a first full run
/// fills the cache, the second is served from it or runs only what the selection forces.
@Suite struct SelectionAndCacheTests {
    static let pipeline = "examples/01-shell-components/pipeline.yaml"

    func harnessAfterAFullRun() throws -> EngineHarness {
        let harness = try EngineHarness(Self.pipeline)
        #expect(try harness.run(harness.fake()).state == .succeeded)
        return harness
    }

    @Test("a second run is served from the cache: every task CACHED, nothing runs")
    func cacheHits() throws {
        let harness = try harnessAfterAFullRun()
        let fake = harness.fake()
        let summary = try harness.run(fake)
        #expect(summary.state == .succeeded)
        #expect(summary.tasks.allSatisfy { $0.state == .cached && $0.cacheStatus == .hit })
        #expect(fake.runs.isEmpty)
    }

    @Test("a changed parameter misses where it is an input; keys follow content, so the same outputs hit downstream")
    func changedParameterMisses() throws {
        let harness = try harnessAfterAFullRun()
        let fake = harness.fake()
        let summary = try harness.run(fake, parameters: ["text": .string("changed")])
        #expect(fake.started == ["write-lines"])  // the fake writes the same artifact content as before
        #expect(summary.states == ["write-lines": .succeeded, "shout": .cached, "render-banner": .cached,
                                   "render-banner-2": .cached, "assemble-report": .cached])
    }

    @Test("with the cache off everything runs again")
    func cacheOff() throws {
        let harness = try harnessAfterAFullRun()
        harness.options = harness.makeOptions(cacheMode: .off)
        let fake = harness.fake()
        #expect(try harness.run(fake).tasks.allSatisfy { $0.state == .succeeded })
        #expect(fake.started.count == 5)
    }

    func selection(_ mode: TaskSelection.Mode, _ task: String, in harness: EngineHarness) throws -> TaskSelection {
        try TaskSelection(mode, task: task, in: harness.spec)
    }

    @Test("--only shout: it runs forced, its upstream comes from the cache, the rest is SKIPPED")
    func only() throws {
        let harness = try harnessAfterAFullRun()
        harness.options = harness.makeOptions(selection: try selection(.only, "shout", in: harness))
        let fake = harness.fake()
        let summary = try harness.run(fake)
        #expect(fake.started == ["shout"])
        #expect(summary.states == ["shout": .succeeded, "write-lines": .cached, "render-banner": .skipped,
                                   "render-banner-2": .skipped, "assemble-report": .skipped])
        #expect(summary.task("render-banner")?.error == "not selected by --only shout")
    }

    @Test("the engine names options as its caller spells them: by key, never a flag of its own")
    func optionsNamedByTheCaller() throws {
        let harness = try harnessAfterAFullRun()
        let only = try selection(.only, "shout", in: harness)
        harness.options = harness.makeOptions(selection: only, optionNames: OptionNames { "<\($0.rawValue)>" })
        #expect(try harness.run(harness.fake()).task("render-banner")?.error == "not selected by <only> shout")
        harness.options = harness.makeOptions(selection: only, optionNames: .keys)
        #expect(try harness.run(harness.fake()).task("render-banner")?.error == "not selected by only shout")
    }

    @Test("--until write-lines: it and its upstream run, the rest is SKIPPED")
    func until() throws {
        let harness = try EngineHarness(Self.pipeline)
        harness.options = harness.makeOptions(selection: try selection(.until, "write-lines", in: harness))
        let fake = harness.fake()
        let summary = try harness.run(fake)
        #expect(fake.started == ["write-lines"])
        #expect(summary.states["write-lines"] == .succeeded)
        #expect(summary.tasks.filter { $0.name != "write-lines" }.allSatisfy { $0.state == .skipped })
    }

    @Test("--from shout: it and its downstream run forced, their upstream from the cache")
    func from() throws {
        let harness = try harnessAfterAFullRun()
        harness.options = harness.makeOptions(selection: try selection(.from, "shout", in: harness))
        let fake = harness.fake()
        let summary = try harness.run(fake)
        #expect(fake.started == ["shout", "assemble-report"])
        #expect(summary.states["shout"] == .succeeded && summary.states["assemble-report"] == .succeeded)
        #expect(summary.states["write-lines"] == .cached)
    }
}
