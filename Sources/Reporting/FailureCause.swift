import Foundation

/// Finds what a failed task's log says went wrong: a Python exception, a pip or uv error, or its plain last lines.
enum FailureCause {
    /// Frames from files whose path contains one of these are the interpreter's, KFP's or a library's, not the user's.
    static let libraryPaths = ["/site-packages/", "/dist-packages/", "<frozen ", "/lib/python3", "/lib64/python3"]

    /// The last traceback's exception (type and message, up to 3 lines), then the user's own frames
    /// (`File "…", line N, in f` and its source line), the innermost last; nil when the log has no traceback.
    /// A Lightweight Python component's source file is named by its base name (its folder is temporary).
    static func python(in log: [String]) -> [String]? {
        guard let start = log.lastIndex(where: { $0.hasPrefix("Traceback (most recent call last):") }) else { return nil }
        var frames: [(file: String, source: String?)] = []
        var index = start + 1
        while index < log.count, log[index].hasPrefix(" ") {
            let line = log[index]
            if line.hasPrefix("  File \"") {
                let next = index + 1 < log.count ? log[index + 1] : ""
                let source = next.hasPrefix("    ") && !isCaretLine(next) ? next : nil
                frames.append((line, source))
            }
            index += 1
        }
        let exception = log[index...].prefix { !$0.isEmpty && !$0.hasPrefix("[KFP Executor") }.prefix(3)
        guard !exception.isEmpty else { return nil }
        let user = frames.filter { frame in !libraryPaths.contains { frame.file.contains($0) } }
        let shown = user.isEmpty ? Array(frames.suffix(1)) : user
        return Array(exception) + shown.flatMap { [shortened($0.file)] + ($0.source.map { [$0] } ?? []) }
    }

    /// pip's error: `pip could not install 'X'` when it names the requirement, then its `ERROR:` lines (at most 3);
    /// nil when the log has none.
    static func pip(in log: [String]) -> [String]? {
        let errors = log.filter { $0.hasPrefix("ERROR: ") }
        guard !errors.isEmpty else { return nil }
        let markers = ["ERROR: No matching distribution found for ", "ERROR: Could not find a version that satisfies the requirement "]
        var package: String?
        for line in errors {
            for marker in markers where line.hasPrefix(marker) {
                package = String(line.dropFirst(marker.count).prefix { $0 != " " })
            }
        }
        var unique: [String] = []
        for line in errors where !unique.contains(line) { unique.append(line) }
        let headline = package.map { "pip could not install '\($0)'" } ?? "pip install failed"
        return [headline] + unique.suffix(3)
    }

    /// uv's error, when the log's last command was uv (an environment built by `uv pip install`): `uv could not
    /// install 'X'` when its `cause:` line names the requirement ("… and you require X, …"), then its `error:` and
    /// `cause:` lines (at most 3); nil otherwise, so a component that prints `error: …` is not taken for uv.
    static func uv(in log: [String]) -> [String]? {
        guard let command = log.last(where: { $0.hasPrefix("$ ") }), command.contains("uv pip install") || command.contains("uv venv")
        else { return nil }
        let errors = log.filter { $0.hasPrefix("error: ") || $0.hasPrefix("  cause: ") }
        guard errors.contains(where: { $0.hasPrefix("error: ") }) else { return nil }
        var package: String?
        for line in errors {
            guard let required = line.range(of: "you require ") else { continue }
            package = String(line[required.upperBound...].prefix { $0 != "," && $0 != " " })
        }
        return [package.map { "uv could not install '\($0)'" } ?? "uv pip install failed"] + errors.prefix(3)
    }

    /// The log without blank lines, KFP's executor log lines and the executor-input JSON it dumps.
    static func withoutNoise(_ log: [String]) -> [String] {
        var kept: [String] = []
        var inDump = false
        for line in log {
            if inDump {
                if line == "}" { inDump = false }
                continue
            }
            if line.hasPrefix("[KFP Executor") {
                inDump = line.hasSuffix("Got executor_input:")
                continue
            }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            kept.append(line)
        }
        return kept
    }

    /// Python's `^^^^` / `~~~^^^` markers under a source line.
    private static func isCaretLine(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return !trimmed.isEmpty && trimmed.allSatisfy { $0 == "^" || $0 == "~" }
    }

    /// `File "/tmp/…/ephemeral_component.py", line 9, in f` → `File "ephemeral_component.py", line 9, in f`.
    private static func shortened(_ frame: String) -> String {
        guard let open = frame.range(of: "File \""), let close = frame[open.upperBound...].firstIndex(of: "\"") else { return frame }
        let path = String(frame[open.upperBound..<close])
        guard path.hasSuffix("/ephemeral_component.py") else { return frame }
        return frame.replacingCharacters(in: open.upperBound..<close, with: "ephemeral_component.py")
    }
}
