import Foundation
import RunDatabase
import Testing

/// Issue 17.4 on the real binary: SIGHUP is an interrupt, a reader that goes away (`tarmac run … 2>&1 | head -2`)
/// ends the run cleanly instead of killing Tarmac with SIGPIPE, and a second interrupt kills every task process
/// (SIGKILL) before Tarmac exits. In each case the run's end is recorded and nothing is left running.
@Suite("End-to-end: hang-ups, broken pipes and a second Ctrl-C",
       .enabled(if: E2E.compilerTestsEnabled, "needs the KFP compiler venv (scripts/compile-examples makes it)"),
       .timeLimit(.minutes(10)))
struct EndToEndSignalTests {
    static var binary: String { EndToEndInterruptTests.binary }

    static func markedProcesses(_ marker: String) -> [Int32] { EndToEndInterruptTests.processes(matching: marker) }

    static func latestRun(_ store: String) throws -> (RunRecord, [TaskRecord]) {
        let database = try RunStore(path: store + "/tarmac.sqlite")
        let run = try #require(try database.latestRun())
        return (run, try database.tasks(runID: run.id))
    }

    @Test("SIGHUP cancels like Ctrl-C: the run is CANCELED, exit 130, no task process left")
    func hangUpCancels() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the tarmac product first (swift build --build-tests)")
        let yaml = try await FixturePipelines.shared.yaml("sleeper")
        let store = isolatedStore("sighup")
        let marker = "tarmac-hup-\(UUID().uuidString.prefix(8))"
        let process = try EndToEndReliabilityTests.start(["run", yaml, "--store", store, "--param", "marker=\(marker)"], stderr: store + "/run.err")
        #expect(try await EndToEndReliabilityTests.wait(seconds: 60) { Self.markedProcesses(marker).count >= 2 }, "the tasks did not start")
        kill(process.processIdentifier, SIGHUP)
        let ended = try await EndToEndReliabilityTests.wait(seconds: 20) { !process.isRunning }
        if !ended { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(ended && process.terminationStatus == 130, "exit \(process.terminationStatus) (129 is death by SIGHUP)")
        #expect(try await EndToEndReliabilityTests.wait(seconds: 5) { Self.markedProcesses(marker).isEmpty }, "task processes survived SIGHUP")
        let (run, tasks) = try Self.latestRun(store)
        #expect(run.state == .canceled)
        #expect(tasks.allSatisfy { $0.state == .canceled })
    }

    @Test("a reader that goes away (| head -2) ends the run cleanly: recorded CANCELED, nothing left running")
    func brokenPipeEndsTheRun() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the tarmac product first (swift build --build-tests)")
        let yaml = try await FixturePipelines.shared.yaml("sleeper")
        let store = isolatedStore("sigpipe")
        let marker = "tarmac-pipe-\(UUID().uuidString.prefix(8))"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // As a user types it: the shell returns when both tarmac and head have exited.
        process.arguments = ["-c", "'\(Self.binary)' run '\(yaml)' --store '\(store)' --runner subprocess --param marker=\(marker) 2>&1 | head -2 > '\(store)/head.out'"]
        try process.run()
        #expect(try await EndToEndReliabilityTests.wait(seconds: 60) {
            ((try? String(contentsOfFile: store + "/head.out", encoding: .utf8)) ?? "").split(separator: "\n").count >= 2
                || !process.isRunning
        }, "head never got two lines")
        let ended = try await EndToEndReliabilityTests.wait(seconds: 30) { !process.isRunning }
        #expect(ended, "tarmac kept running after its reader went away")
        if !ended { for pid in EndToEndInterruptTests.processes(matching: marker) { kill(pid, SIGKILL) } }
        process.waitUntilExit()
        #expect(try await EndToEndReliabilityTests.wait(seconds: 10) { Self.markedProcesses(marker).isEmpty }, "task processes survived")
        let (run, tasks) = try Self.latestRun(store)
        #expect(run.state == .canceled, "the run was left \(run.state)")
        #expect(tasks.allSatisfy { $0.state == .canceled })
    }

    @Test("a second Ctrl-C kills a task that ignores SIGTERM before tarmac exits")
    func secondInterruptKillsEverything() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the tarmac product first (swift build --build-tests)")
        let yaml = try await FixturePipelines.shared.yaml("stubborn")
        let store = isolatedStore("second-sigint")
        let marker = "tarmac-stubborn-\(UUID().uuidString.prefix(8))"
        let process = try EndToEndReliabilityTests.start(["run", yaml, "--store", store, "--param", "marker=\(marker)"], stderr: store + "/run.err")
        #expect(try await EndToEndReliabilityTests.wait(seconds: 60) {
            ((try? String(contentsOfFile: store + "/run.err", encoding: .utf8)) ?? "").contains("started")
                || Self.markedProcesses(marker).count >= 2
        }, "the task did not start")
        try await Task.sleep(for: .milliseconds(500))  // its shell has set the trap
        kill(process.processIdentifier, SIGINT)
        try await Task.sleep(for: .milliseconds(300))
        #expect(!Self.markedProcesses(marker).isEmpty, "SIGTERM was not ignored: this test shows nothing")
        kill(process.processIdentifier, SIGINT)
        let ended = try await EndToEndReliabilityTests.wait(seconds: 20) { !process.isRunning }
        process.waitUntilExit()
        #expect(ended && process.terminationStatus == 130)
        // Checked at once: before the fix the processes lived on (the SIGKILL after the grace period died with tarmac).
        #expect(Self.markedProcesses(marker).isEmpty, "a second Ctrl-C left task processes running")
        for pid in Self.markedProcesses(marker) { kill(pid, SIGKILL) }
    }
}
