import Foundation
import Testing
@testable import RunDatabase

@Suite struct StoreFileTests {
    /// The permission bits of `path`.
    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func newStoreIsPrivateAndInWALMode() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        try store.insertRun(sampleRun("r1"))
        #expect(try mode((store.path as NSString).deletingLastPathComponent) == 0o700)
        #expect(try mode(store.path) == 0o600)
        #expect(try mode(store.path + "-wal") == 0o600)
        #expect(try mode(store.path + "-shm") == 0o600)
        #expect(try store.pragma("journal_mode") == ["wal"])
        #expect(try store.meta("schema_version") == String(StoreSchema.currentVersion))
    }

    @Test func reopeningKeepsTheData() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.store().insertRun(sampleRun("r1"))
        let again = try scratch.store()
        #expect(try again.run(id: "r1").id == "r1")
        try again.insertRun(sampleRun("r2"))
        #expect(try scratch.store().runs().count == 2)
    }

    @Test func aNewerSchemaIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.store().setMeta("schema_version", "99")
        let error = try #require(storeError { _ = try scratch.store() })
        #expect(error.kind == .newerSchema)
        #expect(error.message
                == "this store was written by a newer tarmac (schema 99); upgrade tarmac or use another --store")
        #expect(error.location == .path(scratch.storePath))
    }

    @Test func aForeignFileIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.url.appendingPathComponent("notes.txt").path
        try Data(String(repeating: "not a database\n", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(storeError { _ = try RunStore(path: path) })
        #expect(error.kind == .notAStore)
        #expect(error.location == .path(path))
    }

    @Test func aDirectoryIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        #expect(storeError { _ = try RunStore(path: scratch.url.path) }?.kind == .access)
    }

    @Test func pathsAreNormalized() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try RunStore(path: scratch.storePath + "/../runs.sqlite")
        #expect(store.path == scratch.storePath)
    }
}
