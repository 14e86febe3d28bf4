import Foundation
import Testing

/// uv for the end-to-end tests.
enum UvTool {
    /// `uv` on PATH, else the one scripts/install-deps puts in `$TARMAC_TOOLS/uv`.
    static let path: String? = E2E.which("uv") ?? {
        let bundled = E2E.toolsDirectory + "/uv/bin/uv"
        return FileManager.default.isExecutableFile(atPath: bundled) ? bundled : nil
    }()
}

/// The seed ML example built by uv and by pip: the `tarmac` binary (so each run gets its own
/// `TARMAC_ENV_TOOL`), real environments from PyPI, each in a store of its own.
@Suite("03 ML pipeline: uv-built and pip-built environments give the same outputs",
       .enabled(if: E2E.isCI || (E2E.pythonTestsEnabled && UvTool.path != nil)))
struct EndToEndUvTests {
    /// Runs the ML example with `tool`; returns its `name = value` output lines, the tasks' environment logs, and
    /// deploy's (built while evaluate ran, by `EnvironmentPrefetch`), and the store's entries under `envs`.
    static func run(tool: String, uv: String) async throws -> (values: [String], logs: String, deploy: String, envs: [String]) {
        let store = E2E.scratchDirectory("uv-\(tool)")
        var environment = E2E.environment
        environment["TARMAC_ENV_TOOL"] = tool
        environment["TARMAC_UV"] = uv
        let binary = Repo.root.appendingPathComponent(".build/debug/tarmac").path
        let result = await runProcess([binary, "run", "examples/03-ml-pipeline/pipeline.yaml", "--runner", "subprocess",
                                       "--store", store, "--pipeline-root", store + "/root"],
                                      in: Repo.root.path, environment: environment)
        #expect(result.code == 0, "\(tool): \(result.stdout)\n\(result.stderr)")
        let values = (result.stdout + "\n" + result.stderr).split(separator: "\n").map(String.init).filter { $0.contains(" = ") }
        let paths = FileManager.default.enumerator(atPath: store + "/root")?.allObjects.compactMap { $0 as? String }
            .filter { $0.hasSuffix("/environment.log") } ?? []
        let logs = paths.compactMap { try? String(contentsOfFile: store + "/root/" + $0, encoding: .utf8) }
        let deploy = try paths.first { $0.hasSuffix("/condition-1/deploy/environment.log") }
            .map { try String(contentsOfFile: store + "/root/" + $0, encoding: .utf8) } ?? ""
        let envs = (try? FileManager.default.contentsOfDirectory(atPath: store + "/envs")) ?? []
        return (values, logs.joined(separator: "\n"), deploy, envs)
    }

    @Test("same parameters and metrics; each environment.log names its tool; deploy's was built while evaluate ran")
    func sameOutputs() async throws {
        let uv = try #require(UvTool.path, "uv is not installed: run scripts/install-deps")
        let byUv = try await Self.run(tool: "uv", uv: uv)
        let byPip = try await Self.run(tool: "pip", uv: uv)
        #expect(byUv.values.contains("  accuracy = 0.966667"), "\(byUv.values)")
        #expect(byUv.values == byPip.values)
        #expect(byUv.logs.contains("tarmac: building the environment with uv (") && !byUv.logs.contains("-m pip install"))
        #expect(byPip.logs.contains("tarmac: building the environment with pip (TARMAC_ENV_TOOL=pip)")
                && !byPip.logs.contains(" venv --seed"))
        for (tool, run) in [("uv", byUv), ("pip", byPip)] {
            #expect(run.deploy.hasPrefix("tarmac: built ahead of the tasks that use it, as the run went on:\n"
                                         + "tarmac: building the environment with \(tool) ("), "\(tool): \(run.deploy)")
            #expect(!run.envs.contains { $0.hasPrefix("ahead-") }, "\(tool): the build logs are removed: \(run.envs)")
        }
    }
}
