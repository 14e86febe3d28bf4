import ContentStore
import Foundation
import RunDatabase

/// What `tarmac store check` finds: damaged pages, broken references, run directories no run owns,
/// and objects nothing references.
struct StoreHealth {
    /// `PRAGMA integrity_check` lines other than "ok".
    var integrity: [String] = []
    /// `PRAGMA foreign_key_check` rows, described.
    var foreignKeys: [String] = []
    /// `<root>/<pipeline>/<run>` directories whose run this store does not record (e.g. a `kill -9` during `runs rm`).
    var orphanDirectories: [String] = []
    /// Objects no cache entry and no recorded run needs (`tarmac cache prune` removes them).
    var unreferencedObjects = 0
    /// Their size in bytes.
    var unreferencedBytes: Int64 = 0

    /// Whether the database is sound and nothing is left behind.
    var isSound: Bool { integrity.isEmpty && foreignKeys.isEmpty && orphanDirectories.isEmpty }

    /// Checks the store in `directory` whose database is `store`.
    static func check(store: RunStore, directory: String, objects: ContentStore) throws -> StoreHealth {
        var health = StoreHealth()
        health.integrity = try store.integrityCheck().filter { $0 != "ok" }
        health.foreignKeys = try store.foreignKeyProblems()
        let runs = try store.allRunIDs()
        let roots = Set(try store.pipelineRoots() + [(directory as NSString).appendingPathComponent("artifacts")])
        health.orphanDirectories = roots.sorted().flatMap { orphanRunDirectories(under: $0, recorded: runs) }
        let needed = objects.closure(of: Set(try store.referencedObjects().compactMap(ObjectID.init)))
        for blob in objects.blobs() where !needed.contains(blob.hex) {
            health.unreferencedObjects += 1
            health.unreferencedBytes += blob.size
        }
        return health
    }

    /// Directories `<root>/<pipeline>/<id>` named like a run id (a lowercase UUID) whose run is not recorded.
    static func orphanRunDirectories(under root: String, recorded: Set<String>) -> [String] {
        let fm = FileManager.default
        var found: [String] = []
        for pipeline in ((try? fm.contentsOfDirectory(atPath: root)) ?? []).sorted() {
            let pipelineDirectory = root + "/" + pipeline
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: pipelineDirectory, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            for name in ((try? fm.contentsOfDirectory(atPath: pipelineDirectory)) ?? []).sorted()
            where isRunID(name) && !recorded.contains(name) {
                found.append(pipelineDirectory + "/" + name)
            }
        }
        return found
    }

    /// Whether `name` has the form of a run id (`UUID().uuidString.lowercased()`).
    static func isRunID(_ name: String) -> Bool {
        name.utf8.count == 36 && UUID(uuidString: name) != nil && name == name.lowercased()
    }

    /// The report, one finding a line.
    var lines: [String] {
        var out: [String] = []
        out.append(integrity.isEmpty ? "database: integrity_check ok" : "database: damaged (\(integrity.count) problems)")
        out += integrity.prefix(20).map { "  \($0)" }
        out.append(foreignKeys.isEmpty ? "references: foreign_key_check ok" : "references: \(foreignKeys.count) broken")
        out += foreignKeys.prefix(20).map { "  \($0)" }
        out.append(orphanDirectories.isEmpty ? "run directories: every one belongs to a recorded run"
                   : "run directories: \(orphanDirectories.count) belong to no recorded run (remove them with rm -r if unneeded)")
        out += orphanDirectories.map { "  \($0)" }
        out.append("objects: \(unreferencedObjects) referenced by no cache entry or run (\(ByteCount.format(unreferencedBytes)); "
                   + "`tarmac cache prune` removes them)")
        return out
    }
}
