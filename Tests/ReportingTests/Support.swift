import Basics
import Foundation
import Reporting
import RunDatabase

/// The package root, found from this file's location.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().standardizedFileURL
}

/// In CI (`CI=true`) tools the tests need must be present; elsewhere a missing tool disables those tests.
enum Tools {
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
    static let xmllint = "/usr/bin/xmllint"
    static var xmllintEnabled: Bool { isCI || FileManager.default.isExecutableFile(atPath: xmllint) }
}

/// A hand-made run: `prep` → `train` → `eval`, plus whatever tasks a test adds.
func sampleRun(tasks extra: [TaskRecord] = [], artifacts: [ArtifactRecord] = [], uses: [ArtifactUse] = []) -> RecordedRun {
    let start = Date(timeIntervalSince1970: 1_700_000_000)
    let run = RunRecord(id: "run-0001", pipelineName: "demo", pipelineFile: "/nonexistent/pipeline.yaml", state: .failed,
                        parametersJSON: #"{"lr":0.1}"#, pipelineRoot: "/tmp/root", started: start,
                        finished: start.addingTimeInterval(12), experiment: "exp-a")
    let base = [
        TaskRecord(runID: run.id, name: "prep", displayName: "prep", state: .succeeded, componentName: "comp-prep",
                   exitCode: 0, attempts: 1, started: start, finished: start.addingTimeInterval(2)),
        TaskRecord(runID: run.id, name: "train", displayName: "train", state: .cached, componentName: "comp-train",
                   started: start.addingTimeInterval(2), finished: start.addingTimeInterval(2)),
        TaskRecord(runID: run.id, name: "eval", displayName: "eval", state: .failed, componentName: "comp-eval",
                   exitCode: 3, attempts: 1, started: start.addingTimeInterval(3), finished: start.addingTimeInterval(5),
                   error: "exit code 3"),
    ]
    return RecordedRun(run: run, tasks: base + extra, artifacts: artifacts, uses: uses)
}

/// Runs a program to its end; (exit status, stdout + stderr).
func run(_ argv: [String]) throws -> (code: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: argv[0])
    process.arguments = Array(argv.dropFirst())
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// A temporary directory removed by the caller.
func scratchDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "tarmac-reporting-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
