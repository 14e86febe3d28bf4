import Foundation
import Testing
@testable import RunDatabase

/// Errors collected from several threads (guarded by `lock`).
private final class ErrorLog: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [String] = []

    func add(_ error: any Error) { lock.withLock { errors.append("\(error)") } }
    var all: [String] { lock.withLock { errors } }
}

@Suite struct ConcurrencyTests {
    /// Two stores on one new file stand in for two tarmac processes: separate connections, so SQLite's
    /// file locks arbitrate exactly as between processes. Both open (and migrate) at the same time.
    @Test func twoStoresWrite500TasksEachConcurrently() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.storePath
        let log = ErrorLog()
        DispatchQueue.concurrentPerform(iterations: 2) { writer in
            do {
                let store = try RunStore(path: path)
                let runID = "run-\(writer)"
                try store.insertRun(sampleRun(runID, started: writer))
                for i in 0..<500 {
                    try store.upsertTask(sampleTask(runID, "task-\(i)", state: .running, started: i))
                    if i % 50 == 0 { _ = try store.runs() }
                }
                try store.updateRun(id: runID, state: .succeeded, finished: day(600))
            } catch {
                log.add(error)
            }
        }
        #expect(log.all == [])
        let store = try RunStore(path: path)
        #expect(try store.tasks(runID: "run-0").count == 500)
        #expect(try store.tasks(runID: "run-1").count == 500)
        #expect(try store.runs(state: "SUCCEEDED").count == 2)
        #expect(try store.integrityCheck() == ["ok"])
    }

    /// Many stores opening one new file at once: exactly one creates and migrates it, the others
    /// wait or retry, and none fails.
    @Test func manyStoresOpenANewFileAtOnce() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.storePath
        let log = ErrorLog()
        DispatchQueue.concurrentPerform(iterations: 8) { opener in
            do {
                try RunStore(path: path).insertRun(sampleRun("run-\(opener)"))
            } catch {
                log.add(error)
            }
        }
        #expect(log.all == [])
        #expect(try RunStore(path: path).runs().count == 8)
    }
}
