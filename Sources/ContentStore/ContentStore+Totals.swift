import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How many blobs the store holds and their bytes.
public struct BlobTotals: Sendable, Equatable {
    public var count = 0
    public var bytes: Int64 = 0
}

/// `cache stats` without one `fstatat` per blob: the totals of each shard directory are remembered in
/// `<root>/.shard-totals` with the shard's inode and modification time, and a shard is walked again only
/// when that time changed. Blobs are only ever added (renamed in from `tmp/`) or removed, and either
/// changes the shard's time; a blob's bytes never change in place.
///
/// A shard whose time is less than `settle` seconds before the walk is not remembered: a blob renamed
/// in within the same clock tick as the recorded time would not change it (git's "racily clean" index
/// entries have the same cure).
extension ContentStore {
    static let totalsFile = ".shard-totals"
    static let settle: Double = 2

    /// The number and bytes of the blobs on disk, without keeping a list of them.
    public func blobTotals() -> BlobTotals {
        let remembered = ShardTotals.read(root + "/" + Self.totalsFile)
        var current: [String: ShardTotals] = [:]
        var totals = BlobTotals()
        let walkStart = Date().timeIntervalSince1970
        forEachShard { shardFD, name, info in
            let stamp = ShardTotals.Stamp(info)
            var shard = remembered[name].flatMap { $0.stamp == stamp ? $0 : nil } ?? ShardTotals(stamp: stamp)
            if shard.stamp != remembered[name]?.stamp {
                forEachBlob(inShard: shardFD) { shard.totals.count += 1; shard.totals.bytes += $0.size }
            }
            totals.count += shard.totals.count
            totals.bytes += shard.totals.bytes
            if stamp.seconds < walkStart - Self.settle { current[name] = shard }
        }
        if current != remembered { try? ShardTotals.write(current, to: root + "/" + Self.totalsFile, via: root + "/tmp") }
        return totals
    }
}

/// One shard directory's blob totals, valid while its inode and modification time stay `stamp`.
struct ShardTotals: Equatable {
    struct Stamp: Equatable {
        var inode: UInt64
        var sec: Int
        var nsec: Int

        init(_ info: stat) {
            inode = UInt64(info.st_ino)
            sec = Int(info.st_mtim.tv_sec)
            nsec = Int(info.st_mtim.tv_nsec)
        }

        init?(text: String) {
            let parts = text.split(separator: " ")
            guard parts.count == 3, let inode = UInt64(parts[0]), let sec = Int(parts[1]), let nsec = Int(parts[2]) else { return nil }
            (self.inode, self.sec, self.nsec) = (inode, sec, nsec)
        }

        var seconds: Double { Double(sec) + Double(nsec) / 1e9 }
        var text: String { "\(inode) \(sec) \(nsec)" }
    }

    var stamp: Stamp
    var totals = BlobTotals()

    /// Lines `<shard> <inode> <sec> <nsec> <count> <bytes>` after a `v1` header; anything else reads as nothing
    /// remembered, so a damaged file costs one full walk, never a wrong total.
    static func read(_ path: String) -> [String: ShardTotals] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var lines = text.split(separator: "\n")
        guard lines.first == "v1" else { return [:] }
        lines.removeFirst()
        var result: [String: ShardTotals] = [:]
        for line in lines {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count == 6, let stamp = Stamp(text: fields[1...3].joined(separator: " ")),
                  let count = Int(fields[4]), let bytes = Int64(fields[5]) else { return [:] }
            result[fields[0]] = ShardTotals(stamp: stamp, totals: BlobTotals(count: count, bytes: bytes))
        }
        return result
    }

    /// Written to a temporary file beside the blobs' and renamed over the old one (readers see either).
    static func write(_ shards: [String: ShardTotals], to path: String, via directory: String) throws {
        let lines = shards.keys.sorted().map { name in
            let shard = shards[name]!
            return "\(name) \(shard.stamp.text) \(shard.totals.count) \(shard.totals.bytes)"
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let temporary = "\(directory)/\(UUID().uuidString.lowercased()).totals"
        try Data((["v1"] + lines).joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else { unlink(temporary); return }
    }
}
