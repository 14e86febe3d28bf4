@testable import Engine
import Foundation
import Testing

@Suite struct DirectoryPrefetchTests {
    @Test("prepared directories exist (parents too); the unused ones are removed at the end, the used ones kept")
    func prepareAndRemoveUnused() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tarmac-prefetch-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let prefetch = DirectoryPrefetch()
        let used = root + "/run/used", unused = root + "/run/for-loop-2.0/unused"
        prefetch.prepare(used)
        prefetch.prepare(unused)
        prefetch.prepare(used)  // the executor or a second dependent may get there first: not an error
        var isDirectory: ObjCBool = false
        let deadline = Date().addingTimeInterval(30)
        while !(FileManager.default.fileExists(atPath: used) && FileManager.default.fileExists(atPath: unused)), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(FileManager.default.fileExists(atPath: unused, isDirectory: &isDirectory) && isDirectory.boolValue)
        try TaskExecutor.makeDirectory(used)  // what the executor does when the directory is there already
        try "log".write(toFile: used + "/attempt-0.log", atomically: false, encoding: .utf8)
        prefetch.removeUnused()
        #expect(FileManager.default.fileExists(atPath: used + "/attempt-0.log"))
        #expect(!FileManager.default.fileExists(atPath: unused))
    }

    @Test("makeDirectory makes missing parents, accepts an existing directory, and reports a file in the way")
    func makeDirectoryParents() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tarmac-mkdir-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try TaskExecutor.makeDirectory(root + "/run/for-loop-2.7/echo")  // neither the iteration's nor the run's exists
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: root + "/run/for-loop-2.7/echo", isDirectory: &isDirectory) && isDirectory.boolValue)
        try TaskExecutor.makeDirectory(root + "/run/for-loop-2.7/echo")
        try "x".write(toFile: root + "/run/file", atomically: false, encoding: .utf8)
        #expect(throws: (any Error).self) { try TaskExecutor.makeDirectory(root + "/run/file/echo") }
        #expect(throws: (any Error).self) { try TaskExecutor.makeDirectory(root + "/run/file") }
    }
}
