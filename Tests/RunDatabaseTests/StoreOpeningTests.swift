import Basics
import Foundation
import GRDB
import Testing
@testable import RunDatabase

/// Opening paths that are not a sound store of ours: each is refused with the right kind and exit code,
/// and nothing is written to a file that is not ours.
@Suite struct StoreOpeningTests {
    @Test func aForeignSQLiteDatabaseIsRefusedAndNotWritten() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.url.appendingPathComponent("tarmac.sqlite").path
        do {
            let other = try DatabaseQueue(path: path)  // rollback journal, as most programs leave a file
            try other.write { db in
                try db.execute(sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('mine')")
            }
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let error = try #require(storeError { _ = try RunStore(path: path) })
        #expect(error.kind == .notAStore)
        #expect(error.exitCode == .invalidInput)
        #expect(error.message.contains("no store_meta table") && error.message.contains("notes"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let queue = try DatabaseQueue(path: path)
        #expect(try queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "delete")
        #expect(try queue.read { db in try db.tableExists("store_meta") } == false)
    }

    @Test func anEmptyFileNextToEarlierRunsFilesIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let directory = scratch.url.appendingPathComponent("store").path
        try FileManager.default.createDirectory(atPath: directory + "/artifacts/p/run", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: directory + "/artifacts/p/run/model", contents: Data("weights".utf8)))
        let path = directory + "/tarmac.sqlite"
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let error = try #require(storeError { _ = try RunStore(path: path) })
        #expect(error.kind == .lostHistory)
        #expect(error.exitCode == .environment)
        #expect(error.message.contains("empty (0 bytes)") && error.message.contains("artifacts/"))
        #expect(error.hint?.contains("tarmac store repair") == true)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber == 0)
        // Starting over is a deliberate choice (`tarmac store repair`); the files stay.
        let fresh = try RunStore(path: path, startingOver: true)
        #expect(try fresh.runs().isEmpty)
        #expect(FileManager.default.fileExists(atPath: directory + "/artifacts/p/run/model"))
    }

    @Test func anEmptyFileInAnEmptyDirectoryIsANewStore() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.url.appendingPathComponent("tarmac.sqlite").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        try RunStore(path: path).insertRun(sampleRun("r1"))
        #expect(try RunStore(path: path).runs().map(\.id) == ["r1"])
    }

    @Test func aDirectoryOrADanglingLinkIsTheEnvironment() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let directory = try #require(storeError { _ = try RunStore(path: scratch.url.path) })
        #expect(directory.kind == .access && directory.exitCode == .environment)
        #expect(directory.message == "the run store path is a directory, not a database file")
        let link = scratch.url.appendingPathComponent("linked.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: scratch.url.path + "/gone/runs.sqlite")
        let dangling = try #require(storeError { _ = try RunStore(path: link) })
        #expect(dangling.exitCode == .environment)
        #expect(dangling.message.contains("is a symbolic link to \(scratch.url.path)/gone/runs.sqlite, which does not exist"))
        let linkedDirectory = scratch.url.appendingPathComponent("store-link").path
        try FileManager.default.createSymbolicLink(atPath: linkedDirectory, withDestinationPath: scratch.url.path + "/nowhere")
        let danglingDirectory = try #require(storeError { _ = try RunStore(path: linkedDirectory + "/tarmac.sqlite") })
        #expect(danglingDirectory.message.contains("the store directory \(linkedDirectory) is a symbolic link"))
        #expect(!danglingDirectory.message.contains("same name already exists"))
    }

    @Test func aReadOnlyStoreIsTheEnvironment() throws {
        let mount = try TmpfsMount(size: "8m")
        defer { mount.unmount() }
        let path = mount.path + "/store/tarmac.sqlite"
        try RunStore(path: path).insertRun(sampleRun("r1"))
        try mount.remountReadOnly()
        let error = try #require(storeError { try RunStore(path: path).insertRun(sampleRun("r2")) })
        #expect(error.exitCode == .environment, "\(error)")
        #expect(error.location == .path(path))
        let unwritable = try #require(storeError { _ = try RunStore(path: mount.path + "/other/tarmac.sqlite") })
        #expect(unwritable.exitCode == .environment)
        #expect(unwritable.message.contains("cannot create the store directory \(mount.path)/other: Read-only file system"))
    }

    @Test func errorsInterpolateAsSentencesNotStructs() {
        let error = RunStoreError(.noSpace, "no space left on device under /s", path: "/s/tarmac.sqlite", hint: "free some space")
        #expect("\(error)" == "no space left on device under /s (/s/tarmac.sqlite); hint: free some space")
    }
}

/// A tmpfs mounted on a fresh directory (tests run as root, as in CI; without root the test fails, it is never skipped).
struct TmpfsMount {
    /// The mount point.
    let path: String

    /// Mounts a tmpfs of `size` (e.g. "20m").
    init(size: String) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("tarmac-tmpfs-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Self.run(["mount", "-t", "tmpfs", "-o", "size=\(size)", "tmpfs", path])
    }

    /// Makes the file system read-only.
    func remountReadOnly() throws { try Self.run(["mount", "-o", "remount,ro", path]) }

    /// Unmounts and removes the mount point.
    func unmount() {
        try? Self.run(["umount", "-l", path])
        try? FileManager.default.removeItem(atPath: path)
    }

    private static func run(_ argv: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = argv
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw RunStoreError(.access, "`\(argv.joined(separator: " "))` failed (exit \(process.terminationStatus)); these tests need root",
                                path: argv.last ?? "")
        }
    }
}
