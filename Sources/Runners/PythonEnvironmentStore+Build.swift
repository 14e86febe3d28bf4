import Basics
import Foundation

extension PythonEnvironmentStore {
    /// Creates the venv at its final path and runs every install step in it (called under the lock).
    func build(_ environment: PythonEnvironment, installSteps: [[String]], log: String) throws(RunnerError) {
        if FileManager.default.fileExists(atPath: environment.root) {
            try? FileManager.default.removeItem(atPath: environment.root)  // an unfinished earlier build
        }
        do {
            try runLogged([basePython, "-m", "venv", environment.root], log: log)
            for step in installSteps {
                try runLogged([environment.python, "-m", "pip", "install", "--disable-pip-version-check", "--no-input"]
                                  + step, log: log)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: environment.root)
            throw error
        }
    }

    /// Writes the ready marker atomically; its content describes the environment for people and gc.
    func writeMarker(_ marker: String, key: String, installSteps: [[String]], tool: EnvironmentTool) throws(RunnerError) {
        let content: JSONValue = .object([
            "tool": .string(tool.name),
            "format": .number(Double(Self.formatVersion)),
            "key": .string(key),
            "basePython": .string(basePython),
            "installSteps": .array(installSteps.map { .array($0.map(JSONValue.string)) }),
        ])
        let temporary = marker + ".tmp-\(getpid())"
        do {
            try Data((content.canonicalJSON + "\n").utf8).write(to: URL(fileURLWithPath: temporary))
            try FileManager.default.moveItem(atPath: temporary, toPath: marker)
        } catch {
            throw RunnerError(.fileSystem, "cannot write the ready marker: \(error.localizedDescription)", at: .path(marker))
        }
    }

    /// Runs the base interpreter once to learn its version and real path.
    func probePython() throws(RunnerError) -> String {
        let output = NSTemporaryDirectory() + "/tarmac-python-probe-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let script = "import os, sys; print(sys.version); print(os.path.realpath(sys.executable))"
        try runLogged([basePython, "-c", script], log: output, announce: false)
        guard let text = try? String(contentsOfFile: output, encoding: .utf8), !text.isEmpty else {
            throw RunnerError(.environmentSetupFailed, "\(basePython) printed nothing when asked for its version")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `mkdir -p`, as a `RunnerError`.
    func makeDirectory(_ path: String) throws(RunnerError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw RunnerError(.fileSystem, "cannot create the directory: \(error.localizedDescription)", at: .path(path))
        }
    }

    /// Runs `argv`, appending (when `announce`) a `$ command` line and its output to `log`; throws
    /// with the output's tail.
    func runLogged(_ argv: [String], log: String, announce: Bool = true,
                   environment: [String: String] = PythonEnvironmentStore.childEnvironment()) throws(RunnerError) {
        let directory = FileManager.default.fileExists(atPath: root) ? root : "/"
        let spec = ProcessSpec(argv: argv, environment: environment, workingDirectory: directory, logFile: log)
        if announce { Self.appendLine("$ " + argv.joined(separator: " "), to: log) }
        let outcome = runner.run(spec)
        if outcome.succeeded { return }
        let how = Self.describe(outcome.termination)
        let tail = Self.lastLines(of: log, count: 15).map { "  | " + $0 }.joined(separator: "\n")
        let venvHint = tail.contains("ensurepip is not available")
            ? "on Debian and Ubuntu, `-m venv` needs the python3-venv package" : nil
        throw RunnerError(.environmentSetupFailed,
                          "`\(argv.joined(separator: " "))` failed (\(how)); log: \(log)\n\(tail)",
                          at: .path(log), hint: venvHint)
    }

    /// How a setup step failed, in a word or two: its launch error, "exit code N", "signal N", "cancelled" or "failure".
    static func describe(_ termination: Termination) -> String {
        switch (termination, termination.status) {
        case (.launchFailed(let why), _): why
        case (_, .exited(let code)?): "exit code \(code)"
        case (_, .signaled(let signal)?): "signal \(signal)"
        case (.canceled, nil): "cancelled"
        default: "failure"
        }
    }

    /// The current environment minus what would redirect the new interpreter (PYTHONPATH,
    /// VIRTUAL_ENV, …): PATH, HOME, locale, temp dir, every PIP_*, proxy and CA-bundle variable.
    static func childEnvironment() -> [String: String] {
        let kept: Set<String> = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR",
                                 "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "SSL_CERT_FILE", "SSL_CERT_DIR",
                                 "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"]
        var environment = ProcessInfo.processInfo.environment.filter { name, _ in
            kept.contains(name) || name.hasPrefix("PIP_") || name.lowercased().hasSuffix("_proxy")
        }
        environment["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        return environment
    }

    /// Appends `line` and a newline to the file at `path`, creating it; best effort.
    public static func appendLine(_ line: String, to path: String) {
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty { try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) }
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data((line + "\n").utf8))
    }

    /// The last `count` non-empty lines of the file at `path` (reading at most its last 16 KiB).
    static func lastLines(of path: String, count: Int) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > 16384 ? size - 16384 : 0)
        let data = (try? handle.readToEnd()) ?? Data()
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
        return lines.suffix(count).map(String.init)
    }
}
