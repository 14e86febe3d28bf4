import Foundation
import Testing

/// Environments built while the tasks before theirs run (`EnvironmentPrefetch`), with the `tarmac` binary (so the
/// run gets its own `TARMAC_ENV_TOOL`) and a real pip build. The ML example's deploy, whose environment is built
/// while evaluate runs, is checked in `EndToEndUvTests`.
@Suite("Python environments built ahead of their tasks", .enabled(if: E2E.isCI || E2E.pythonTestsEnabled))
struct EndToEndEnvironmentAheadTests {
    static func tarmac(_ arguments: [String], tool: String) async -> ProcessResult {
        var environment = E2E.environment
        environment["TARMAC_ENV_TOOL"] = tool
        if let uv = UvTool.path { environment["TARMAC_UV"] = uv }
        let binary = Repo.root.appendingPathComponent(".build/debug/tarmac").path
        return await runProcess([binary] + arguments, in: Repo.root.path, environment: environment)
    }

    /// Every entry of `<store>/envs` but uv's cache: environments (directories) and their lock files.
    static func environmentEntries(_ store: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: store + "/envs")) ?? []).filter { $0 != "uv-cache" }.sorted()
    }

    @Test("a build for a condition not taken is stopped when the run ends: no unfinished environment, no build log")
    func conditionNotTaken() async throws {
        let store = E2E.scratchDirectory("ahead-not-taken")
        let yaml = try await FixturePipelines.shared.yaml("branch-not-taken")
        // `decide` fails unless the environment of the task inside the condition is being built while it runs.
        let result = await Self.tarmac(["run", yaml, "--runner", "subprocess", "--store", store, "--param", "store=\(store)", "-q"],
                                       tool: "pip")
        #expect(result.code == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("1 succeeded, 1 skipped"), Comment(rawValue: result.stderr))
        let entries = Self.environmentEntries(store)
        #expect(entries.count == 1 && entries[0].hasSuffix(".lock"), "only the build's lock is left: \(entries)")
    }
}
