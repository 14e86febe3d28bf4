import Basics
import Foundation
import Testing
@testable import RunDatabase

/// `run`'s quick_check is skipped only while the files are exactly as a sound-checked `run` left them.
@Suite struct SoundnessMemoTests {
    /// Opens the store as `run` does: the memo asked before opening, then the check.
    func openAsRun(_ path: String) throws -> (RunStore, RunStore.QuickCheck) {
        let unchanged = RunStore.unchangedSinceSound(path: path)
        let store = try RunStore(path: path)
        return (store, try store.checkSoundness(within: 10, unchanged: unchanged))
    }

    @Test("a sound store closed by run is remembered; the next run does not read it, and writes a new memo")
    func remembered() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (first, firstCheck) = try openAsRun(scratch.storePath)
        #expect(firstCheck == .sound)
        try first.insertRun(sampleRun("r1", state: .succeeded))
        first.closeRememberingSoundness()
        #expect(RunStore.unchangedSinceSound(path: scratch.storePath))
        let (second, secondCheck) = try openAsRun(scratch.storePath)
        #expect(secondCheck == .remembered)
        try second.insertRun(sampleRun("r2", state: .succeeded))
        second.closeRememberingSoundness()
        #expect(RunStore.unchangedSinceSound(path: scratch.storePath), "the second run's own writes are remembered too")
        #expect(try RunStore(path: scratch.storePath).runs().count == 2)
    }

    @Test("any other change to the file, even with its modification time put back, makes run check it again")
    func changedFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, _) = try openAsRun(scratch.storePath)
        try store.insertRun(sampleRun("r1", state: .succeeded))
        store.closeRememberingSoundness()
        let path = scratch.storePath
        let modified = try #require(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
        Thread.sleep(forTimeInterval: 0.01)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: 72)  // the header's "reserved for expansion" bytes, zero: written as they are
        try handle.write(contentsOf: Data([0]))
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)
        #expect(!RunStore.unchangedSinceSound(path: path), "the change time moved")
        #expect(try openAsRun(path).1 == .sound, "checked again")
    }

    @Test("no memo, a damaged memo, or a store not found sound at opening: the check runs and nothing is remembered")
    func notRemembered() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.storePath
        #expect(!RunStore.unchangedSinceSound(path: path), "no file")
        let store = try RunStore(path: path)  // opened without the check, as other commands do
        store.closeRememberingSoundness()
        #expect(!FileManager.default.fileExists(atPath: path + "-sound"))
        let (checked, _) = try openAsRun(path)
        checked.closeRememberingSoundness()
        #expect(RunStore.unchangedSinceSound(path: path))
        try "v1 garbage -\n".write(toFile: path + "-sound", atomically: true, encoding: .utf8)
        #expect(!RunStore.unchangedSinceSound(path: path))
        #expect(try openAsRun(path).1 == .sound)
    }
}
