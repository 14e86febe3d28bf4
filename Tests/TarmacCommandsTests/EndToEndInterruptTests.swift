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

    @Test("SIGINT cancels the run, ends every process group and exits 130")
    func interruptEndsEverything() async throws {
        try Repo.requireRootIsCurrentDirectory()
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the tarmac product first (swift build --build-tests)")
        let yaml = try await FixturePipelines.shared.yaml("sleeper")
        let marker = "tarmac-sleeper-\(UUID().uuidString.prefix(8))"
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("tarmac-int-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: store) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["run", yaml, "--store", store, "--param", "marker=\(marker)", "--max-parallel", "2", "--runner", "subprocess"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait until both tasks announced themselves (their shells and sleeps are running).
        let deadline = Date().addingTimeInterval(60)
        while Self.processes(matching: marker).count < 2, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(Self.processes(matching: marker).count >= 2, "the tasks did not start")
        let interrupted = Date()
        process.interrupt()  // SIGINT
        while process.isRunning, Date().timeIntervalSince(interrupted) < 15 { try await Task.sleep(for: .milliseconds(50)) }
        let stopped = !process.isRunning
        if !stopped { process.terminate() }
        #expect(stopped, "tarmac did not exit within 15 s of SIGINT")
        #expect(Date().timeIntervalSince(interrupted) < 8, "stopping took longer than the 5 s grace period allows")
        process.waitUntilExit()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 130, Comment(rawValue: stderr))
        #expect(stderr.contains("CANCELED"), Comment(rawValue: stderr))
        try await Task.sleep(for: .milliseconds(300))
        #expect(Self.processes(matching: marker) == [], "task processes survived the interrupt")
        #expect(Self.processes(matching: "sleep 300").filter { pid in
            (try? String(contentsOfFile: "/proc/\(pid)/environ", encoding: .utf8))?.contains(store) ?? false
        } == [], "a background sleep of a task survived")
    }
}
