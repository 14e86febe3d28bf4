import Basics
import Foundation
import Glibc
import Testing
@testable import ContentStore

/// Issue 17.1/17.2: FIFOs, devices and sockets are never opened as data, and sparse files keep their holes.
/// Each test has a time limit: before the fix, opening a FIFO blocked forever.
@Suite(.timeLimit(.minutes(10))) struct SpecialFileTests {
    let directory: String
    let store: ContentStore

    init() throws {
        directory = NSTemporaryDirectory() + "tarmac-special-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = ContentStore(root: directory + "/objects")
    }

    @Test func aFIFOOrADeviceIsRefusedWithoutBeingOpenedForData() throws {
        let fifo = directory + "/fifo"
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect {
            try store.ingest(fifo)
        } throws: { ($0 as? ContentStoreError)?.message.contains("is a FIFO (named pipe)") == true }
        #expect(throws: ContentStoreError.self) { try store.identify(fifo) }
        #expect {
            try store.identify("/dev/zero")
        } throws: { ($0 as? ContentStoreError)?.message.contains("is a character device") == true }
        #expect(throws: ContentStoreError.self) { try FileCopier.hash("/dev/zero") }
    }

    @Test func aFIFOPlantedInObjectsIsAMissAndDamagedNotAHang() throws {
        let file = directory + "/a.txt"
        try Data("payload".utf8).write(to: URL(fileURLWithPath: file))
        let fileObject = try store.ingest(file)
        try FileManager.default.createDirectory(atPath: directory + "/tree", withIntermediateDirectories: true)
        try Data("inner".utf8).write(to: URL(fileURLWithPath: directory + "/tree/b.txt"))
        let treeObject = try store.ingest(directory + "/tree")
        for hex in [fileObject.id.hex, treeObject.id.hex] {
            unlink(store.blobPath(hex))
            #expect(mkfifo(store.blobPath(hex), 0o644) == 0)
        }
        #expect(!store.materialize(fileObject.id, to: directory + "/out-file"))
        #expect(!store.materialize(treeObject.id, to: directory + "/out-tree"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/out-file"))
        let verified = store.verify()
        #expect(verified.damaged == [fileObject.id.hex, treeObject.id.hex].sorted())
    }

    @Test func specialEntriesOfADirectoryAreDroppedAndNamed() throws {
        let tree = directory + "/tree"
        try FileManager.default.createDirectory(atPath: tree + "/sub", withIntermediateDirectories: true)
        try Data("kept".utf8).write(to: URL(fileURLWithPath: tree + "/sub/file.txt"))
        #expect(mkfifo(tree + "/pipe", 0o644) == 0)
        let stored = try store.ingest(tree)
        #expect(stored.dropped == ["pipe (a FIFO (named pipe))"])
        #expect(store.materialize(stored.id, to: directory + "/copy"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/copy").sorted() == ["sub"])
    }

    @Test func aSparseFileIsHashedAsItsBytesAndStoredWithItsHoles() throws {
        let sparse = directory + "/sparse"
        #expect(FileManager.default.createFile(atPath: sparse, contents: nil))
        let fd = open(sparse, O_WRONLY)
        #expect(fd >= 0)
        #expect(pwrite(fd, "middle", 6, 128 << 20) == 6)  // data at 128 MiB, a hole before and after
        #expect(ftruncate(fd, 256 << 20) == 0)  // 256 MiB in all
        close(fd)
        let stored = try store.ingest(sparse)
        #expect(stored.size == 256 << 20)
        // The digest is that of the bytes the file reads as: a streamed hash of zeros, "middle", zeros.
        var hasher = StreamingSHA256()
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        for megabyte in 0..<256 {
            var block = zeros
            if megabyte == 128 { block.replaceSubrange(0..<6, with: Array("middle".utf8)) }
            block.withUnsafeBytes { hasher.update($0) }
        }
        #expect(stored.id.hex == hasher.finalize())
        #expect(allocatedBytes(store.blobPath(stored.id.hex)) < 16 << 20, "the blob lost its holes")
        let copy = directory + "/copy"
        #expect(store.materialize(stored.id, to: copy))
        #expect(allocatedBytes(copy) < 16 << 20, "the materialized copy lost its holes")
        #expect(store.verify().damaged.isEmpty)
    }

    private func allocatedBytes(_ path: String) -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { return -1 }
        return Int64(info.st_blocks) * 512
    }
}
