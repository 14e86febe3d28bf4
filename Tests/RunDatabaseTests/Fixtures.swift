import Basics
import Foundation
import GRDB
@testable import RunDatabase

/// A fresh temporary directory; call ``remove()`` when done (not in deinit: ARC may end a
/// lifetime early, and the store's files must outlive the store).
final class Scratch {
    /// The directory.
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("tarmac-rundb-tests")
            .appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Deletes the directory.
    func remove() { try? FileManager.default.removeItem(at: url) }

    /// A store path in a not-yet-existing subdirectory, so the store creates it.
    var storePath: String { url.appendingPathComponent("store/runs.sqlite").path }

    /// Opens (or creates) the store at ``storePath``.
    func store() throws -> RunStore { try RunStore(path: storePath) }
}

/// Writes at ``Scratch/storePath`` a store as an older tarmac left it: `migrations` (name, step) applied, then `seed`.
func writeLegacyStore(_ scratch: Scratch, migrations: [(String, @Sendable (Database) throws -> Void)],
                      seed: (Database) throws -> Void) throws {
    try FileManager.default.createDirectory(atPath: (scratch.storePath as NSString).deletingLastPathComponent,
                                            withIntermediateDirectories: true)
    let queue = try DatabaseQueue(path: scratch.storePath)
    var migrator = DatabaseMigrator()
    for (name, step) in migrations { migrator.registerMigration(name, migrate: step) }
    try migrator.migrate(queue)
    try queue.write(seed)
}

/// Runs `body` with a store in a fresh directory that is removed afterwards.
func withStore(_ body: (RunStore) throws -> Void) throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    try body(try scratch.store())
}

/// A whole-second date, `n` seconds after a fixed origin (stored dates round-trip exactly).
func day(_ n: Int) -> Date { Date(timeIntervalSince1970: 1_700_000_000 + Double(n)) }

/// A run with every field set.
func sampleRun(_ id: String, pipeline: String = "train-pipeline", state: RunState = .running,
               started: Int = 0, experiment: String? = nil) -> RunRecord {
    RunRecord(id: id, pipelineName: pipeline, pipelineFile: "/p/\(pipeline).yaml", state: state,
              parametersJSON: #"{"lr":0.1}"#, pipelineRoot: "/root/\(id)", started: day(started),
              experiment: experiment)
}

/// A task with most fields set.
func sampleTask(_ runID: String, _ name: String, state: TaskState = .succeeded, started: Int? = 1) -> TaskRecord {
    TaskRecord(runID: runID, name: name, displayName: name.uppercased(), state: state, componentName: "comp-\(name)",
               exitCode: 0, attempts: 1, started: started.map(day), finished: started.map { day($0 + 5) },
               inputsJSON: #"{"n":1}"#, outputsJSON: #"{"out":2}"#, error: nil, logsJSON: #"["/logs/a"]"#)
}

/// An artifact produced by `task` under `key`.
func sampleArtifact(_ id: String, run: String, task: String, key: String, uri: String? = nil,
                    created: Int = 2) -> ArtifactRecord {
    ArtifactRecord(id: id, runID: run, producerTask: task, outputKey: key, schemaTitle: "system.Artifact",
                   uri: uri ?? "/root/\(run)/\(task)/\(key)", metadataJSON: "{}", created: day(created),
                   digest: String(repeating: "a", count: 64))
}

/// Runs `body`, returning the `RunStoreError` it throws (nil if it throws nothing or something else).
func storeError(_ body: () throws -> Void) -> RunStoreError? {
    do {
        try body()
        return nil
    } catch {
        return error as? RunStoreError
    }
}
