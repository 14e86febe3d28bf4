import Foundation
import Testing

/// Runs the real `tarmac` binary in a pseudo-terminal (a private tmux server) and reads back the final
/// screen, and the raw bytes written to the terminal (recorded by `script` inside the pane).
enum TerminalSession {
    static var binary: String { Repo.root.appendingPathComponent(".build/debug/tarmac").path }

    /// Whether tmux and script exist: always required in CI (scripts/install-deps installs them).
    static var available: Bool { E2E.isCI || (E2E.which("tmux") != nil && E2E.which("script") != nil) }

    /// What a terminal run left.
    struct Screen: Sendable {
        /// The visible screen at the end, trailing blank lines dropped (colours stripped by tmux).
        let text: String
        /// Every byte the program wrote to its terminal, escape sequences included.
        let raw: String
        let exitCode: Int32?
        /// The scrollback and the screen, wrapped lines joined (`capture-pane -J -S -`), trailing blank lines dropped.
        var history = ""
    }

    /// Runs `tarmac ARGUMENTS` with `environment` added, in a `columns`×`rows` terminal, from the package root.
    /// `typed`, when given, is typed into the terminal (then Enter) once the program has written `prompt`.
    static func run(_ arguments: [String], environment: [String: String] = [:], columns: Int = 250, rows: Int = 45,
                    timeout: Double = 600, typed: String? = nil, after prompt: String = "$ ") async throws -> Screen {
        let socket = "tarmac-test-\(UUID().uuidString.prefix(8))"
        let scratch = E2E.scratchDirectory("tty")
        let rawFile = scratch + "/raw.log", exitFile = scratch + "/exit"
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(quote($0.value))" }.joined(separator: " ")
        let inner = "env TERM=xterm-256color \(assignments) \(quote(binary)) " + withTestDefaults(arguments).map(quote).joined(separator: " ")
        let command = "cd \(quote(Repo.root.path)) && script -qfec \(quote(inner)) \(quote(rawFile)); echo $? > \(quote(exitFile)); sleep 600"
        // Started with system(3), not Process: the tmux server the client forks keeps Foundation's Process waiting
        // until the server ends.
        let start = ["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", "\(columns)", "-y", "\(rows)", command]
        _ = await offThread { system(start.map(quote).joined(separator: " ") + " </dev/null >/dev/null 2>&1") }
        let running = await runProcess(["tmux", "-L", socket, "has-session"])
        try #require(running.code == 0, "tmux did not start: \(running.stderr)")
        defer { _ = system("tmux -L \(socket) kill-server >/dev/null 2>&1") }
        let deadline = Date().addingTimeInterval(timeout)
        if let typed {
            while Date() < deadline, !FileManager.default.fileExists(atPath: exitFile),
                  !(await runProcess(["tmux", "-L", socket, "capture-pane", "-p", "-t", "0"])).stdout.contains(prompt) {
                try await Task.sleep(for: .milliseconds(200))
            }
            _ = await runProcess(["tmux", "-L", socket, "send-keys", "-t", "0", "-l", typed])
            _ = await runProcess(["tmux", "-L", socket, "send-keys", "-t", "0", "Enter"])
        }
        while !FileManager.default.fileExists(atPath: exitFile), Date() < deadline { try await Task.sleep(for: .milliseconds(200)) }
        try await Task.sleep(for: .milliseconds(300))  // let tmux draw the last bytes
        let screen = await runProcess(["tmux", "-L", socket, "capture-pane", "-p", "-t", "0"])
        let lines = screen.stdout.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        let text = Array(lines.reversed().drop { $0.trimmingCharacters(in: .whitespaces).isEmpty }.reversed()).joined(separator: "\n") + "\n"
        let raw = (try? String(contentsOfFile: rawFile, encoding: .utf8)) ?? ""
        let code = (try? String(contentsOfFile: exitFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let captured = await runProcess(["tmux", "-L", socket, "capture-pane", "-p", "-J", "-S", "-", "-t", "0"])
        let historyLines = captured.stdout.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        let history = historyLines.reversed().drop { $0.trimmingCharacters(in: .whitespaces).isEmpty }.reversed().joined(separator: "\n")
        return Screen(text: text, raw: raw, exitCode: code, history: history + "\n")
    }

    private static func quote(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }
}

/// Makes run output comparable with a golden file: times, durations, run ids and the store path replaced.
func normaliseRunOutput(_ text: String, store: String = E2E.store) -> String {
    var result = text.replacingOccurrences(of: store, with: "<store>")
    let rules: [(String, String)] = [
        (#"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#, "<run>"),
        (#"(?m)^\d\d:\d\d:\d\d "#, "HH:MM:SS "),
        (#" +\d+(\.\d)?s\b| *\d+m\d\ds\b| *\d+h\d\dm\b"#, " <time>"),
        (#"(?m) · \d+:\d\d(:\d\d)?$"#, " · <clock>"),
        (#"(?m)[ \t]+$"#, ""),
        (#"(tarmac (report|logs|inspect)) [0-9a-f]{8}\b"#, "$1 <run8>"),
    ]
    for (pattern, replacement) in rules {
        result = result.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
    }
    return result
}
