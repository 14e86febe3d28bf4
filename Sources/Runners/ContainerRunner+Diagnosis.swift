import Foundation

extension ContainerRunner {
    /// Exit codes of `docker run` / `podman run` that come from the engine, not from the command:
    /// 125 the engine failed (no such image, bad option), 126 the command cannot be run, 127 not found.
    static let engineExitCodes: ClosedRange<Int32> = 125...127

    /// Explains a failed container run from its exit code, the engine's own last error line and, for a
    /// container Tarmac removes itself (docker), its recorded `end`.
    static func diagnose(_ outcome: ProcessOutcome, container: ContainerInvocation, end: ContainerEnd? = nil,
                         logFile: String) -> String? {
        guard case .exited(let code) = outcome.termination, code != 0 else { return nil }
        if let end, end.status == "created" {
            let text = lastEngineError(in: logTail(logFile)) ?? lastLine(of: logTail(logFile)) ?? "no error message"
            return "the container of image '\(container.image)' was created but never started (exit code \(code)): \(text)"
                + " (does the image have the command '\(container.command.first ?? "")'?)"
        }
        if end?.oomKilled == true {
            let limit = container.memoryBytes.map { " with a memory limit of \($0) bytes" } ?? ""
            return "out of memory: the kernel killed the container (exit code \(code), OOMKilled)\(limit)"
        }
        if engineExitCodes.contains(code) {
            let engineText = lastEngineError(in: logTail(logFile)) ?? "no error message (see the log)"
            let missing = ["image not known", "No such image", "Unable to find image", "manifest unknown", "not found"]
                .contains { engineText.localizedCaseInsensitiveContains($0) } && code == 125
            let what = missing ? "image '\(container.image)' cannot be found" : "\(container.engine.rawValue) could not run image '\(container.image)'"
            let hint = missing && container.pull == .never ? " (pull policy never: build or load the image first)" : ""
            return "\(what) (exit code \(code)): \(engineText)\(hint)"
        }
        if code == 137, let limit = container.memoryBytes {
            return "out of memory: the container was killed (exit code 137, SIGKILL) with a memory limit of \(limit) bytes"
        }
        return nil
    }

    /// The last line that the engine itself wrote (`Error: ...` from podman, `docker: ...` from docker).
    static func lastEngineError(in text: String) -> String? {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.last { $0.hasPrefix("Error: ") || $0.hasPrefix("docker: ") || $0.hasPrefix("Error response from daemon") }
    }

    /// The last non-empty line of `text`.
    static func lastLine(of text: String) -> String? {
        text.split(whereSeparator: \.isNewline).last { !$0.allSatisfy(\.isWhitespace) }.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The last 8 KiB of a log file.
    static func logTail(_ path: String) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > 8192 ? size - 8192 : 0)
        return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
    }
}
