import Basics
import Foundation
import Testing

// The live view of a 31-task pipeline (Tests/Fixtures/pipelines/wide-fan-out, compiled by the real KFP compiler)
// in real pseudo-terminals of three sizes: it must fit the screen, leave no stale frame in the scrollback, and
// count every task in one totals line.

@Suite("End-to-end: the live view fits the terminal",
       .enabled(if: E2E.compilerTestsEnabled && TerminalSession.available, "needs the KFP compiler, tmux and script"))
struct EndToEndLiveViewTests {
    @Test("31 tasks at 100×20, 50×20 and 200×60: no line past the width, no stale frame, one totals line",
          arguments: [(100, 20), (50, 20), (200, 60)])
    func fits(columns: Int, rows: Int) async throws {
        try Repo.requireRootIsCurrentDirectory()
        let yaml = try await FixturePipelines.shared.yaml("wide-fan-out")
        let store = E2E.scratchDirectory("tty-live")
        let screen = try await TerminalSession.run(["run", yaml, "--store", store, "--max-parallel", "4", "--no-cache"],
                                                   environment: ["NO_COLOR": "1"], columns: columns, rows: rows)
        #expect(screen.exitCode == 0, Comment(rawValue: screen.history))
        let lines = screen.history.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The closing `run <id> SUCCEEDED: …` line is the end-of-run summary's, not the live view's.
        let wide = lines.filter { $0.count >= columns && !$0.hasPrefix("run ") }
        #expect(wide.isEmpty, "lines reaching the last column: \(wide)")
        // The final summary's totals line, and no other: a frame left behind would repeat it.
        let totals = lines.filter { $0.range(of: #"^\d+/31 done"#, options: .regularExpression) != nil }
        #expect(totals.count == 1, Comment(rawValue: screen.history))
        #expect(totals.first?.hasPrefix("31/31 done") == true, Comment(rawValue: screen.history))
        // Every row once: the summary's (running rows of earlier frames were erased, not scrolled away).
        for name in ["prepare data", "work-2", "work-19", "summarize", "If rounds > 0"] {
            let count = lines.filter { $0.hasPrefix("✓ \(name) ") }.count
            #expect(count == 1, "\(name) appears \(count) times:\n\(screen.history)")
        }
        // Natural order in the summary: work-2 before work-19 before work-20.
        let order = ["work-2 ", "work-19 ", "work-20 "].compactMap { name in lines.firstIndex { $0.hasPrefix("✓ \(name)") } }
        #expect(order.count == 3 && order == order.sorted(), Comment(rawValue: screen.history))
        // While it ran, frames never had more lines than the screen: the raw bytes move the cursor up less than `rows`.
        let ups = screen.raw.matches(of: /\u{1B}\[(\d+)A/).compactMap { Int($0.1) }
        #expect(!ups.isEmpty && ups.allSatisfy { $0 < rows }, "cursor moves: \(ups.max() ?? 0)")
        #expect(screen.raw.contains("/31 done · "), "no totals line while running")
    }
}

@Suite("End-to-end: display names on every surface", .enabled(if: E2E.compilerTestsEnabled, "needs the KFP compiler"))
struct EndToEndDisplayNameTests {
    @Test("plain progress lines, --json, runs show and plan name tasks by display path; keys stay available")
    func surfaces() async throws {
        let yaml = try await FixturePipelines.shared.yaml("wide-fan-out")
        let store = E2E.scratchDirectory("names-store")
        let arguments = ["run", yaml, "--store", store, "--max-parallel", "4", "--no-cache", "--json", "--param", "seconds=0.1"]
        let run = await tarmacOffThread(arguments)
        #expect(run.code == 0, Comment(rawValue: run.stderr))
        let lines = await tarmacOffThread(["run", yaml, "--store", store, "--max-parallel", "4", "--param", "seconds=0.1"])
        #expect(lines.stderr.contains(" SUCCEEDED If rounds > 0/announce\n"), Comment(rawValue: lines.stderr))
        #expect(lines.stderr.contains("for item in [1, 2, 3, 4]/square [3]\n"), Comment(rawValue: lines.stderr))
        let report = PipelineRun(arguments: arguments, result: run)
        let announce = report.task("condition-3/work-26")
        #expect(announce?.displayPath == "If rounds > 0/announce", report.diagnostics)
        #expect(announce?.displayName == "announce")
        let id = report.runID
        let show = await tarmacOffThread(["runs", "show", id, "--store", store])
        #expect(show.stdout.contains(" SUCCEEDED If rounds > 0/announce (condition-3/work-26)\n"), Comment(rawValue: show.stdout))
        #expect(show.stdout.contains(" SUCCEEDED work-19\n"), Comment(rawValue: show.stdout))
        let keys = await tarmacOffThread(["plan", yaml, "--show-keys"])
        #expect(keys.stdout.contains("  If rounds > 0 (condition-3)  [condition rounds > 0]"), Comment(rawValue: keys.stdout))
        #expect(keys.stdout.contains("    square  [container docker.io/library/busybox:1.36]"), Comment(rawValue: keys.stdout))
        #expect(keys.stdout.contains("  summarize (work-27)  [container docker.io/library/busybox:1.36]  after: work-10, work-11,"),
                Comment(rawValue: keys.stdout))
        let plain = await tarmacOffThread(["plan", yaml])
        #expect(plain.stdout.contains("  for item in [1, 2, 3, 4]  [loop over [1, 2, 3, 4]]  after: prepare data\n"),
                Comment(rawValue: plain.stdout))
    }
}
