import Basics
import Foundation
import RunDatabase

/// A real store (SQLite file in a fresh temporary directory) for the browser's tests.
struct BrowserFixture {
    let directory: String
    let store: RunStore

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tarmac-ui-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try RunStore(path: directory + "/tarmac.sqlite")
    }

    /// Records a run with `parameters` (JSON text) and one task per entry of `tasks` (name → state).
    @discardableResult
    func run(_ id: String, pipeline: String = "demo", state: RunState = .succeeded, parameters: String = "{}",
             tasks: [String: TaskState] = [:], experiment: String? = nil) throws -> RunRecord {
        let record = RunRecord(id: id, pipelineName: pipeline, pipelineFile: directory + "/none.yaml", state: state,
                               parametersJSON: parameters, pipelineRoot: directory + "/artifacts", started: Date(timeIntervalSince1970: 1_700_000_000),
                               finished: state == .running ? nil : Date(timeIntervalSince1970: 1_700_000_012), experiment: experiment)
        try store.insertRun(record)
        for (name, taskState) in tasks {
            try store.upsertTask(TaskRecord(runID: id, name: name, displayName: name, state: taskState, componentName: "comp-" + name))
        }
        return record
    }
}
