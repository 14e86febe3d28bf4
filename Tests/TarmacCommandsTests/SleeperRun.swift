import Foundation
import Testing

/// The real binary running the sleeper fixture in containers, for the interrupt and kill -9 tests:
/// started, then waited on until its run directory exists and both of its containers run.
/// When that never happens, the failure says why: tarmac's own stderr (it may have exited early, or
/// stalled before its run started), not only "no run directory".
struct SleeperRun {
    let process: Process
    let runID: String
    let stderr: Pipe

    /// Starts `tarmac run <sleeper> --runner <runner>` and waits (at most `seconds`) until
    /// `running(runID)` counts both containers.
    static func start(yaml: String, store: String, marker: String, runner: String,
                      environment: [String: String]? = nil, seconds: Double = 120,
                      running: @Sendable (String) async throws -> Int) async throws -> SleeperRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: EndToEndInterruptTests.binary)
        process.arguments = ["run", yaml, "--store", store, "--param", "marker=\(marker)", "--max-parallel", "2",
                             "--runner", runner, "--pull", "never"]
        if let environment { process.environment = environment }
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        let started = Date()
        try process.run()
        var runID: String?
        var count = 0
        while Date().timeIntervalSince(started) < seconds, process.isRunning {
            runID = runID ?? (try? FileManager.default.contentsOfDirectory(atPath: store + "/artifacts/sleeper"))?.first
            if let runID { count = try await running(runID) }
            if count == 2 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        guard let runID, count == 2 else {
            let exited = !process.isRunning
            if !exited { process.terminate() }
            process.waitUntilExit()
            let said = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let what = runID == nil ? "no run directory" : "\(count) of 2 containers running"
            let how = exited ? "tarmac exited with \(process.terminationStatus)"
                             : "tarmac still ran after \(Int(seconds)) s (terminated)"
            Issue.record("\(what); \(how); its stderr:\n\(said)")
            throw SleeperDidNotStart()
        }
        return SleeperRun(process: process, runID: runID, stderr: stderr)
    }

    /// Sends SIGINT and waits at most `seconds` for the exit; returns whether it exited in time
    /// (it is terminated otherwise) and tarmac's stderr.
    func interrupt(waiting seconds: Double) async throws -> (stopped: Bool, stderr: String) {
        let interrupted = Date()
        process.interrupt()
        while process.isRunning, Date().timeIntervalSince(interrupted) < seconds { try await Task.sleep(for: .milliseconds(50)) }
        let stopped = !process.isRunning
        if !stopped { process.terminate() }
        process.waitUntilExit()
        return (stopped, String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }
}

struct SleeperDidNotStart: Error {}
