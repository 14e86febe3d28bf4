import Basics
import Foundation
import Testing
@testable import ContentStore

@Suite struct ContentStoreTests {
    let directory: String
    let store: ContentStore

    init() throws {
        directory = NSTemporaryDirectory() + "tarmac-cs-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = ContentStore(root: directory + "/objects")
    }

    private func write(_ text: String, _ name: String) throws -> String {
        let path = directory + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aFileIsStoredOnceByItsSHA256AndReadOnly() throws {
        let a = try store.ingest(try write("hello\n", "a.txt"))
        let b = try store.ingest(try write("hello\n", "b.txt"))
        #expect(a.id == b.id)
        #expect(a.id.description == "sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03")
        #expect(a.size == 6)
        #expect(store.blobs().count == 1)
        let mode = try FileManager.default.attributesOfItem(atPath: store.blobPath(a.id.hex))[.posixPermissions] as? Int
        #expect(mode == 0o444)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/objects/tmp").isEmpty)
    }

    /// The bytes this thread has written so far (`wchar` of `/proc/thread-self/io`: other tests' threads write too).
    private func bytesWrittenByThisThread() throws -> Int {
        let io = try String(contentsOfFile: "/proc/thread-self/io", encoding: .utf8)
        let line = try #require(io.split(separator: "\n").first { $0.hasPrefix("wchar:") })
        return try #require(Int(line.dropFirst("wchar:".count).trimmingCharacters(in: .whitespaces)))
    }

    @Test func aFileWhoseBlobIsThereIsReadButNotCopied() throws {
        let path = directory + "/big.bin"
        try Data((0..<(8 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: URL(fileURLWithPath: path))
        let before = try bytesWrittenByThisThread()
        let first = try store.ingest(path)
        let afterFirst = try bytesWrittenByThisThread()
        let second = try store.ingest(path)
        let afterSecond = try bytesWrittenByThisThread()
        #expect(first.id == second.id && second.size == 8 << 20)
        #expect(afterFirst - before >= 8 << 20, "the first ingest wrote \(afterFirst - before) bytes: no copy?")
        #expect(afterSecond - afterFirst < 4096, "the second ingest wrote \(afterSecond - afterFirst) bytes")
        #expect(store.blobs().count == 1)
    }

    @Test func aDirectoryIsATreeOfItsEntriesIndependentOfWhereItLives() throws {
        _ = try write("1", "one/x/a.txt")
        _ = try write("2", "one/b.bin")
        _ = try write("1", "two/x/a.txt")
        _ = try write("2", "two/b.bin")
        let one = try store.ingest(directory + "/one")
        let two = try store.ingest(directory + "/two")
        #expect(one.id == two.id)
        #expect(one.id.kind == .tree)
        #expect(try store.identify(directory + "/one") == one.id)
        _ = try write("3", "two/b.bin")
        #expect(try store.identify(directory + "/two") != one.id)
    }

    @Test func materializeCopiesAndAWriteToTheCopyLeavesTheBlobIntact() throws {
        _ = try write("data", "tree/sub/f.txt")
        let tree = try store.ingest(directory + "/tree")
        let copy = directory + "/out/tree"
        #expect(store.materialize(tree.id, to: copy))
        #expect(try String(contentsOfFile: copy + "/sub/f.txt", encoding: .utf8) == "data")
        try Data("changed".utf8).write(to: URL(fileURLWithPath: copy + "/sub/f.txt"))
        #expect(store.verify().damaged.isEmpty)
        #expect(store.materialize(tree.id, to: directory + "/again"))
        #expect(try String(contentsOfFile: directory + "/again/sub/f.txt", encoding: .utf8) == "data")
    }

    @Test func aMissingOrDamagedBlobIsNotMaterialized() throws {
        let file = try store.ingest(try write("payload", "p.txt"))
        let path = store.blobPath(file.id.hex)
        chmod(path, 0o644)
        try Data("tampered".utf8).write(to: URL(fileURLWithPath: path))
        #expect(!store.materialize(file.id, to: directory + "/copy.txt"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/copy.txt"))
        #expect(!store.contains(file.id), "the damaged blob is removed, so the next ingest writes a sound one")
        #expect(!store.materialize(file.id, to: directory + "/copy.txt"))
        _ = try store.ingest(try write("payload", "p.txt"))
        #expect(store.materialize(file.id, to: directory + "/copy.txt"))
    }

    @Test func verifyFindsAndRemovesDamagedBlobs() throws {
        let file = try store.ingest(try write("payload", "p.txt"))
        chmod(store.blobPath(file.id.hex), 0o644)
        try Data("tampered".utf8).write(to: URL(fileURLWithPath: store.blobPath(file.id.hex)))
        #expect(store.verify().damaged == [file.id.hex])
        #expect(!store.contains(file.id))
    }

    @Test func garbageCollectionKeepsWhatIsReferencedAndTheFilesOfKeptTrees() throws {
        _ = try write("kept", "t/a")
        let tree = try store.ingest(directory + "/t")
        let loose = try store.ingest(try write("loose", "l"))
        let fresh = store.collectGarbage(keep: [tree.id], grace: 600)
        #expect(fresh.removedBlobs == 0)  // everything is younger than the grace period
        let result = store.collectGarbage(keep: [tree.id], grace: -1)
        #expect(result.removedBlobs == 1)
        #expect(!store.contains(loose.id))
        #expect(store.materialize(tree.id, to: directory + "/t2"))
    }

    @Test func objectIDsParseOnlyTheirOwnForm() {
        #expect(ObjectID("sha256:" + String(repeating: "a", count: 64)) != nil)
        #expect(ObjectID("tree:" + String(repeating: "0", count: 64))?.kind == .tree)
        #expect(ObjectID("sha256:../../etc/passwd") == nil)
        #expect(ObjectID("md5:" + String(repeating: "a", count: 64)) == nil)
        #expect(!TreeManifest.isSafeRelativePath("a/../../b"))
        #expect(TreeManifest.isSafeRelativePath("a/b.txt"))
    }

    @Test func linksAreNeverFollowedWhenStoring() throws {
        let secret = try write("secret", "outside/secret.txt")
        try FileManager.default.createDirectory(atPath: directory + "/artifact", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: directory + "/artifact/link", withDestinationPath: secret)
        try FileManager.default.createSymbolicLink(atPath: directory + "/top-link", withDestinationPath: secret)
        #expect(throws: ContentStoreError.self) { try store.ingest(directory + "/top-link") }
        let tree = try store.ingest(directory + "/artifact")
        #expect(tree.size == 0, "the link is recorded as a link, its target is not read")
        #expect(!store.blobs().contains { $0.size == 6 })
        #expect(store.materialize(tree.id, to: directory + "/copy"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory + "/copy/link") == secret)
    }
}

@Suite struct BlobWalkTests {
    @Test func totalsCountOnlyBlobFilesInShards() throws {
        let directory = NSTemporaryDirectory() + "tarmac-cs-walk-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = ContentStore(root: directory + "/objects")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        #expect(store.blobTotals() == BlobTotals())  // no objects directory yet
        for (i, text) in ["a\n", "bb\n", "ccc\n"].enumerated() {
            let path = directory + "/in\(i)"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            _ = try store.ingest(path)
        }
        // Not blobs: a temporary file, a short name in a shard, a name that is not a digest.
        try Data("x".utf8).write(to: URL(fileURLWithPath: directory + "/objects/tmp/partial"))
        let shard = try #require(try FileManager.default.contentsOfDirectory(atPath: directory + "/objects").first { $0.count == 2 })
        try Data("x".utf8).write(to: URL(fileURLWithPath: directory + "/objects/\(shard)/ab"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: directory + "/objects/\(shard)/" + String(repeating: "g", count: 64)))
        #expect(store.blobTotals() == BlobTotals(count: 3, bytes: 2 + 3 + 4))
        #expect(Set(store.blobs().map(\.size)) == [2, 3, 4])
    }
}

/// `blobTotals()` remembers each settled shard's totals (`.shard-totals`) and walks only shards that changed.
@Suite struct BlobTotalsMemoTests {
    let directory = NSTemporaryDirectory() + "tarmac-cs-totals-" + UUID().uuidString
    var store: ContentStore { ContentStore(root: directory + "/objects") }

    func ingest(_ text: String) throws -> String {
        let path = directory + "/in-" + UUID().uuidString
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return try store.ingest(path).id.hex
    }

    /// Every shard's time moved a minute back, as if written long ago (so it settles and is remembered).
    func settleShards() throws {
        for shard in try FileManager.default.contentsOfDirectory(atPath: store.root) where shard.count == 2 {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: store.root + "/" + shard)
        }
    }

    @Test func aSettledShardIsReadFromTheMemoAndAChangedOneIsWalked() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try ingest("one\n")
        try settleShards()
        #expect(store.blobTotals() == BlobTotals(count: 1, bytes: 4))
        let memo = store.root + "/.shard-totals"
        let remembered = try String(contentsOfFile: memo, encoding: .utf8)
        #expect(remembered.hasPrefix("v1\n\(first.prefix(2)) ") && remembered.hasSuffix(" 1 4"))
        // The memo is what is read for a shard whose time did not change: doctored numbers show through.
        try Data(remembered.replacingOccurrences(of: " 1 4", with: " 7 70").utf8).write(to: URL(fileURLWithPath: memo))
        #expect(store.blobTotals() == BlobTotals(count: 7, bytes: 70))
        // A new blob changes its shard's time: that shard is walked again (the doctored numbers are gone if it is the same shard).
        let second = try ingest("second\n")
        let expected = second.prefix(2) == first.prefix(2) ? BlobTotals(count: 2, bytes: 11) : BlobTotals(count: 8, bytes: 77)
        #expect(store.blobTotals() == expected)
        // Removing a blob changes its shard's time too.
        try FileManager.default.removeItem(atPath: store.blobPath(second))
        let afterRemoval = second.prefix(2) == first.prefix(2) ? BlobTotals(count: 1, bytes: 4) : BlobTotals(count: 7, bytes: 70)
        #expect(store.blobTotals() == afterRemoval)
    }

    @Test func aDamagedMemoCostsAWalkNotAWrongTotal() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try ingest("aa\n")
        _ = try ingest("bbbb\n")
        try settleShards()
        #expect(store.blobTotals() == BlobTotals(count: 2, bytes: 8))
        try Data("v1\nzz not numbers".utf8).write(to: URL(fileURLWithPath: store.root + "/.shard-totals"))
        #expect(store.blobTotals() == BlobTotals(count: 2, bytes: 8))
    }

    @Test func aShardChangedJustNowIsNotRemembered() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try ingest("fresh\n")
        #expect(store.blobTotals() == BlobTotals(count: 1, bytes: 6))
        let memo = (try? String(contentsOfFile: store.root + "/.shard-totals", encoding: .utf8)) ?? "v1"
        #expect(memo == "v1", "a shard written within the settle time must be walked every time until it settles")
    }
}
