import Basics
import Foundation
import RunDatabase
import Testing
@testable import TarmacCommands

@Suite("tarmac ui's task notes: the cache explanation of a task that has not ended")
struct UINotesTests {
    @Test("a RUNNING task is still running, a PENDING one waiting; a finished uncached one is not a cached kind")
    func unfinishedTasks() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tarmac-notes-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try RunStore(path: directory + "/tarmac.sqlite")
        let run = RunRecord(id: "notes001", pipelineName: "demo", pipelineFile: directory + "/none.yaml", state: .running,
                            parametersJSON: "{}", pipelineRoot: directory, started: Date(), finished: nil, experiment: nil)
        try store.insertRun(run)
        let notes = UINotes.notes(store: store)
        let text = { (state: TaskState) in
            notes.explain(TaskRecord(runID: run.id, name: "t", displayName: "t", state: state, componentName: "c"), run).joined()
        }
        #expect(text(.running).contains("still running") && !text(.running).contains("not a cached kind"))
        #expect(text(.pending).contains("still waiting to run"))
        #expect(text(.skipped).contains("not a cached kind of task (SKIPPED)"))
    }
}
