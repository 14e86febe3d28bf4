import Foundation

/// What builds a `PythonEnvironmentStore`'s environments: `python -m venv` + `pip install`, or
/// `uv venv` + `uv pip install` (faster, and its cache hard-links files between environments).
public enum EnvironmentTool: Sendable, Hashable {
    case pip
    /// `uv` at this path.
    case uv(String)

    /// The name `environment.log` and the ready marker use.
    public var name: String {
        switch self {
        case .pip: "pip"
        case .uv: "uv"
        }
    }
}

/// Which tool a store should use, and why: `TARMAC_ENV_TOOL=pip|uv` forces one; otherwise uv when
/// `TARMAC_UV` names it or `uv` is on PATH, else pip.
public struct EnvironmentToolChoice: Sendable, Hashable {
    public enum Preference: String, Sendable, Hashable { case automatic, pip, uv }
    public var preference: Preference
    /// uv's path when one was found.
    public var uv: String?

    public init(preference: Preference, uv: String?) {
        self.preference = preference
        self.uv = uv
    }

    /// Read from `TARMAC_ENV_TOOL`, `TARMAC_UV` and `PATH`; an unknown `TARMAC_ENV_TOOL` is an error.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(RunnerError) -> EnvironmentToolChoice {
        let raw = environment["TARMAC_ENV_TOOL"].map { $0.lowercased() } ?? ""
        guard let preference = raw.isEmpty || raw == "auto" ? .automatic : Preference(rawValue: raw) else {
            throw RunnerError(.environmentSetupFailed,
                              "TARMAC_ENV_TOOL=\(environment["TARMAC_ENV_TOOL"] ?? "") is not pip, uv or auto",
                              at: .option("environment variable TARMAC_ENV_TOOL"))
        }
        return EnvironmentToolChoice(preference: preference, uv: findUv(environment))
    }

    /// `TARMAC_UV` when set (it must be executable to count; a relative path is taken from the current
    /// directory, since uv runs from the task's), else the first `uv` on PATH.
    static func findUv(_ environment: [String: String]) -> String? {
        if let named = environment["TARMAC_UV"], !named.isEmpty {
            let path = URL(fileURLWithPath: named).standardizedFileURL.path  // a relative path: from the current directory
            return FileManager.default.isExecutableFile(atPath: path) ? path : nil
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") where !directory.isEmpty {
            let candidate = String(directory) + "/uv"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The tool for one environment and the sentence `environment.log` gets; uv is passed over (with
    /// the reason) when the install steps or pip's settings use something uv cannot honour.
    public func decide(installSteps: [[String]], pipSettings: PipSettings) throws(RunnerError) -> (EnvironmentTool, String) {
        if preference == .pip { return (.pip, "pip (TARMAC_ENV_TOOL=pip)") }
        guard let uv else {
            if preference == .uv {
                throw RunnerError(.environmentSetupFailed,
                                  "TARMAC_ENV_TOOL=uv, but uv is neither at TARMAC_UV nor on PATH",
                                  at: .option("environment variable TARMAC_ENV_TOOL"),
                                  hint: "`pip install uv`, or set TARMAC_UV to its path")
            }
            return (.pip, "pip (no uv on PATH or at TARMAC_UV)")
        }
        if let reason = pipSettings.unsupportedByUv ?? UvInstallStep.firstUnsupported(in: installSteps) {
            if preference == .uv {
                throw RunnerError(.environmentSetupFailed, "TARMAC_ENV_TOOL=uv, but \(reason)",
                                  at: .option("environment variable TARMAC_ENV_TOOL"), hint: "unset it to fall back to pip")
            }
            return (.pip, "pip, not uv: \(reason)")
        }
        return (.uv(uv), "uv (\(uv))")
    }
}
