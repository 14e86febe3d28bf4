import Basics
import Foundation
import Testing

/// Ctrl-C on the real binary: every task's process group ends, the run is CANCELED, exit code 130.
@Suite struct EndToEndInterruptTests {
    static var binary: String { Repo.root.appendingPathComponent(".build/debug/tarmac").path }

    /// Processes whose command line mentions `needle`, excluding this test's own.
    static func processes(matching needle: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let raw = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: raw, as: UTF8.self).replacingOccurrences(of: "\0", with: " ").contains(needle)
        }
    }

    @Test("SIGINT cancels the run: every process group ends, exit 130, the end-of-run lines and the recorded states say so")
    func interruptEndsEverything() async throws {
        try Repo.requireRootIsCurrentDirectory()
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the tarmac product first (swift build --build-tests)")
        let yaml = try await FixturePipelines.shared.yaml("sleeper")
        let marker = "tarmac-sleeper-\(UUID().uuidString.prefix(8))"
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("tarmac-int-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: store) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        // One at a time: one task is running when the interrupt comes, the other never starts.
        process.arguments = ["run", yaml, "--store", store, "--param", "marker=\(marker)", "--max-parallel", "1",
                             "--runner", "subprocess", "--json"]
        // Files, not pipes: nothing has to read them while it runs (a blocking read would hold a thread of the
        // test's small cooperative pool, and this test's own waiting with it).
        try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: store + "/out.txt", contents: nil))
        #expect(FileManager.default.createFile(atPath: store + "/err.txt", contents: nil))
        process.standardOutput = FileHandle(forWritingAtPath: store + "/out.txt")
        process.standardError = FileHandle(forWritingAtPath: store + "/err.txt")
        try process.run()
        // Wait until the first task's shell is running: the one process besides tarmac (whose --param names it too)
        // whose command line holds the marker.
        let taskShells = { Self.processes(matching: marker).filter { $0 != process.processIdentifier } }
        let deadline = Date().addingTimeInterval(60)
        while taskShells().isEmpty, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        try #require(!taskShells().isEmpty, "the first task did not start")
        try await Task.sleep(for: .milliseconds(300))  // so that its recorded duration is visibly more than nothing
        process.interrupt()  // SIGINT
        // A generous deadline only so that a hang fails instead of blocking the suite; how fast it stops is not measured here.
        let interrupted = Date()
        while process.isRunning, Date().timeIntervalSince(interrupted) < 60 { try await Task.sleep(for: .milliseconds(50)) }
        let stopped = !process.isRunning
        if !stopped { kill(process.processIdentifier, SIGKILL) }
        #expect(stopped, "tarmac did not exit within 60 s of SIGINT")
        process.waitUntilExit()
        let stderr = (try? String(contentsOfFile: store + "/err.txt", encoding: .utf8)) ?? ""
        let stdout = (try? String(contentsOfFile: store + "/out.txt", encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 130, Comment(rawValue: stderr))
        // The end-of-run line: the run's state and what became of each task.
        let closing = stderr.split(separator: "\n").first { $0.hasPrefix("run ") && $0.contains(" CANCELED in ") }
        #expect(closing?.hasSuffix(": 2 canceled") == true, Comment(rawValue: stderr))
        #expect(stderr.contains("tarmac report "), Comment(rawValue: stderr))
        // The recorded states: both CANCELED; the one that ran has its time, the one that never started has none.
        let document = try JSONValue.parse(stdout)
        #expect(document["state"]?.stringValue == "CANCELED", Comment(rawValue: stdout))
        let tasks = document["tasks"]?.arrayValue ?? []
        #expect(tasks.count == 2 && tasks.allSatisfy { $0["state"]?.stringValue == "CANCELED" }, Comment(rawValue: stdout))
        let ran = tasks.filter { $0["started"]?.stringValue != nil }
        let neverRan = tasks.filter { $0["started"]?.isNull == true }
        #expect(ran.count == 1 && (ran.first?["duration_seconds"]?.numberValue ?? 0) > 0, Comment(rawValue: stdout))
        #expect(neverRan.count == 1 && neverRan.first?["duration_seconds"]?.isNull == true, Comment(rawValue: stdout))
        #expect(neverRan.first?["attempt_times"]?.arrayValue?.isEmpty != false, "no attempt recorded for a task that never started")
        let shown = await tarmacOffThread(["runs", "show", "latest", "--json", "--store", store])
        let recorded = try JSONValue.parse(shown.stdout)
        #expect(recorded["run"]?["state"]?.stringValue == "CANCELED", Comment(rawValue: shown.stdout))
        let stored = recorded["tasks"]?.arrayValue ?? []
        #expect(stored.filter { $0["started"]?.isNull == true }.count == 1
                && stored.filter { $0["started"]?.isNull == true }.allSatisfy { $0["duration_seconds"]?.isNull == true },
                Comment(rawValue: shown.stdout))
        // Nothing is left running.
        try await Task.sleep(for: .milliseconds(300))
        #expect(Self.processes(matching: marker) == [], "task processes survived the interrupt")
        #expect(Self.processes(matching: "sleep 300").filter { pid in
            (try? String(contentsOfFile: "/proc/\(pid)/environ", encoding: .utf8))?.contains(store) ?? false
        } == [], "a background sleep of a task survived")
    }
}
