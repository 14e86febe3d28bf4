import Foundation

extension PythonEnvironmentStore {
    /// `uv venv --seed` at the final path, then each step as `uv pip install` (`UvInstallStep`), with
    /// the store's uv cache and hard links, so a second environment sharing packages with the first
    /// costs almost no disk (called under the lock, like `build`).
    func buildWithUv(_ uv: String, _ environment: PythonEnvironment, installSteps: [[String]],
                     log: String) throws(RunnerError) {
        if FileManager.default.fileExists(atPath: environment.root) {
            try? FileManager.default.removeItem(atPath: environment.root)  // an unfinished earlier build
        }
        let variables = uvEnvironment()
        do throws(RunnerError) {
            try seed(uv, environment, log: log, environment: variables)
            // The tasks run with Tarmac's own variables, which `variables` (pip's) leave out.
            let compile = UvInstallStep.importsCannotWriteBytecode(ProcessInfo.processInfo.environment)
            for step in installSteps {
                guard case .success(let arguments) = UvInstallStep.arguments(for: step, compileAtInstall: compile) else {
                    throw RunnerError(.environmentSetupFailed, "uv cannot install \(step)", at: .path(log))  // decided before
                }
                try runLogged([uv, "pip", "install", "--python", environment.python] + arguments, log: log,
                              environment: variables)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: environment.root)
            throw error
        }
    }

    /// `uv venv --seed`: pip (and setuptools, wheel before Python 3.12) as `-m venv` would have them, from uv's
    /// cache when it has them, as `-m venv` takes them from the interpreter's bundled wheels without asking an
    /// index (an index's answer took 0.2 s of the 0.27 s here); from the index when the cache has none.
    private func seed(_ uv: String, _ environment: PythonEnvironment, log: String,
                      environment variables: [String: String]) throws(RunnerError) {
        let venv = [uv, "venv", "--seed", "--python", basePython, environment.root]
        if (try? runLogged(venv + ["--offline"], log: log, environment: variables)) != nil { return }
        Self.appendLine("tarmac: uv's cache lacks the seed packages; asking the index", to: log)
        try? FileManager.default.removeItem(atPath: environment.root)
        try runLogged(venv, log: log, environment: variables)
    }

    /// The environment uv runs in: the one pip would get, pip's settings as uv variables, the store's
    /// cache with hard links, no Python downloads and no uv configuration files (only pip's settings apply).
    func uvEnvironment() -> [String: String] {
        var variables = Self.childEnvironment().filter { !$0.key.hasPrefix("PIP_") }
        variables.merge(pipSettings.uvEnvironment(inherited: variables)) { _, new in new }
        variables["UV_CACHE_DIR"] = uvCacheDirectory
        variables["UV_LINK_MODE"] = "hardlink"
        variables["UV_PYTHON_DOWNLOADS"] = "never"
        variables["UV_NO_CONFIG"] = "1"
        variables["UV_NO_PROGRESS"] = "1"
        return variables
    }
}
