import Foundation
import Testing

// The progress output of real runs: plain timestamped lines off a terminal (CI), the live view under a
// pseudo-terminal (tmux), each compared to a golden file after normalisation (times, durations, run ids, paths).

@Suite("End-to-end: progress output", .enabled(if: E2E.compilerTestsEnabled, "needs the KFP compiler (scripts/compile-examples)"))
struct EndToEndProgressTests {
    static let golden = "Tests/Fixtures/golden/"

    @Test("off a terminal: one timestamped line per state change, the failed task as one block")
    func plainLines() async throws {
        let yaml = try await FixturePipelines.shared.yaml("task-fails")
        let result = await tarmacOffThread(["run", yaml, "--store", E2E.store, "--max-parallel", "1"])
        #expect(result.code == 1, Comment(rawValue: result.stderr))
        expectGolden(normaliseRunOutput(result.stderr), matches: Self.golden + "progress-lines-task-fails.txt")
    }

    @Test("--verbose streams every task's output lines; --quiet prints only the failure and the result")
    func verboseAndQuiet() async throws {
        let yaml = try await FixturePipelines.shared.yaml("task-fails")
        let verbose = await tarmacOffThread(["run", yaml, "--store", E2E.store, "--max-parallel", "1", "--verbose"])
        #expect(verbose.stderr.contains("[fail] failing with 3\n"), Comment(rawValue: verbose.stderr))
        let plain = await tarmacOffThread(["run", yaml, "--store", E2E.store, "--max-parallel", "1"])
        #expect(!plain.stderr.contains("[fail] failing with 3"), Comment(rawValue: plain.stderr))
        let quiet = await tarmacOffThread(["run", yaml, "--store", E2E.store, "--max-parallel", "1", "--quiet"])
        #expect(!quiet.stderr.contains("RUNNING") && !quiet.stderr.contains("NOT_RUN"), Comment(rawValue: quiet.stderr))
        #expect(quiet.stderr.contains("FAILED: fail (exit code 3)\n  failing with 3\ncommand: sh -c"), Comment(rawValue: quiet.stderr))
        #expect(quiet.stderr.hasSuffix("  failed: fail\n  tarmac logs \(quiet.stderr.components(separatedBy: "tarmac logs ").last ?? "")"),
                Comment(rawValue: quiet.stderr))
        #expect(!quiet.stderr.contains("next:") && !quiet.stderr.contains("tarmac report"), "-q keeps the end short")
    }

    @Test("on a terminal: the live view is redrawn in place and ends with a static summary (NO_COLOR)",
          .enabled(if: TerminalSession.available, "needs tmux and script"))
    func terminalFailure() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let yaml = try await FixturePipelines.shared.yaml("task-fails")
        let store = E2E.scratchDirectory("tty-store")
        let screen = try await TerminalSession.run(["run", yaml, "--store", store, "--max-parallel", "1"], environment: ["NO_COLOR": "1"])
        #expect(screen.exitCode == 1, Comment(rawValue: screen.raw))
        expectGolden(normaliseRunOutput(screen.text, store: store), matches: Self.golden + "progress-tty-task-fails.txt")
        #expect(screen.raw.contains("\u{1B}[J"), "the view was never cleared and redrawn")
        #expect(screen.raw.range(of: "\u{1B}\\[\\d+A", options: .regularExpression) != nil, "no cursor movement")
        #expect(screen.raw.range(of: "\u{1B}\\[3[0-9]m", options: .regularExpression) == nil, "NO_COLOR still coloured")
    }

    @Test("on a terminal with colour: symbols and states are coloured",
          .enabled(if: TerminalSession.available, "needs tmux and script"))
    func terminalColour() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let yaml = try await FixturePipelines.shared.yaml("task-fails")
        let store = E2E.scratchDirectory("tty-store")
        let screen = try await TerminalSession.run(["run", yaml, "--store", store, "--max-parallel", "1"], environment: ["NO_COLOR": ""])
        #expect(screen.exitCode == 1)
        #expect(screen.raw.contains("\u{1B}[31m✗\u{1B}[0m fail"), Comment(rawValue: screen.raw))
    }

    @Test("on a terminal: loop iterations are folded as for-loop-N [done/total]",
          .enabled(if: TerminalSession.available && E2E.pythonTestsEnabled, "needs tmux, script and python3"))
    func terminalLoops() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let screen = try await TerminalSession.run(["run", "examples/05-parallel-for/pipeline.yaml", "--store", E2E.store,
                                                    "--max-parallel", "2"], environment: ["NO_COLOR": "1"])
        #expect(screen.exitCode == 0, Comment(rawValue: screen.raw.suffix(3000).description))
        // Rows are in start order; under load (the whole suite running) independent branches can start in either
        // order, so the rows are compared sorted, the end-of-run summary (from its `run <run>` line) last.
        let lines = normaliseRunOutput(screen.text).split(separator: "\n").map(String.init)
        let closing = lines.firstIndex { $0.hasPrefix("run <run> ") } ?? lines.count
        expectGolden((lines[..<closing].sorted() + lines[closing...]).joined(separator: "\n") + "\n",
                     matches: Self.golden + "progress-tty-parallel-for.txt")
        #expect(screen.raw.contains("[0/"), "the loop row never showed its first count")
    }
}
