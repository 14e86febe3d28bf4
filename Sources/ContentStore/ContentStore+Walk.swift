import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension ContentStore {
    /// Every blob on disk (temporary files excluded).
    public func blobs() -> [BlobInfo] {
        var result: [BlobInfo] = []
        forEachBlob { result.append($0) }
        return result
    }

    /// Calls `body` for each blob file under the two-character shard directories.
    ///
    /// `readdir` and `fstatat` relative to the open shard, not `FileManager.contentsOfDirectory` and a `stat`
    /// of the full path: on 100,000 blobs the Foundation listing (an NSString per name, an array per shard)
    /// cost more than the system calls themselves.
    func forEachBlob(_ body: (BlobInfo) -> Void) {
        forEachShard { shardFD, _, _ in forEachBlob(inShard: shardFD, body) }
    }

    /// Calls `body` with each open two-character shard directory, its name and its `stat`.
    func forEachShard(_ body: (_ fd: Int32, _ name: String, _ info: stat) -> Void) {
        guard let top = opendir(root) else { return }
        defer { closedir(top) }
        while let entry = readdir(top) {
            let shard = Self.name(of: entry)
            guard shard.utf8.count == 2, shard != ".." else { continue }
            let shardFD = openat(dirfd(top), shard, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            var info = stat()
            guard shardFD >= 0 else { continue }
            defer { close(shardFD) }
            guard fstat(shardFD, &info) == 0 else { continue }
            body(shardFD, shard, info)
        }
    }

    /// Each blob in one open shard: `readdir` on a duplicate of `shardFD`, `fstatat` relative to it.
    func forEachBlob(inShard shardFD: Int32, _ body: (BlobInfo) -> Void) {
        let listFD = dup(shardFD)
        guard listFD >= 0, let dir = fdopendir(listFD) else {
            if listFD >= 0 { close(listFD) }
            return
        }
        defer { closedir(dir) }
        while let file = readdir(dir) {
            let name = Self.name(of: file)
            guard ObjectID.isHex(name) else { continue }
            var info = stat()
            guard fstatat(shardFD, name, &info, 0) == 0 else { continue }  // any kind: verify reports a planted FIFO
            body(BlobInfo(hex: name, size: Int64(info.st_size),
                          modified: Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec))))
        }
    }

    private static func name(of entry: UnsafeMutablePointer<dirent>) -> String {
        withUnsafePointer(to: entry.pointee.d_name) {
            $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
        }
    }
}
