import ArgumentParser
import Basics
import ContentStore
import Foundation
import RunDatabase
import Runners

/// `tarmac cache stats|prune|clear|verify`
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache", abstract: "Inspect and maintain the execution cache of a store.",
        subcommands: [Stats.self, Prune.self, Clear.self, Verify.self, Ingest.self])

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Entries, stored objects, bytes, and the hit rate of recent runs.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "How many recent runs the hit rate covers.") var runs = 20
        @Flag(help: "Print one JSON document (schema in docs/json-schemas.md) instead of text.") var json = false

        func run() throws {
            let store = try storeOptions.open()
            let summary = try store.cacheSummary()  // counted in SQL, not decoded entry by entry
            let blobs = storeOptions.objects.blobTotals()
            let usage = try store.cacheUsage(recentRuns: runs)
            let looked = usage.hits + usage.misses
            let images = storeOptions.derivedImages
            let imageCount = images.records().count
            let imageBytes = imageCount == 0 ? nil : images.totalSize(environment: ProcessInfo.processInfo.environment)
            if json {
                let number = { (value: Int) in JSONValue.number(Double(value)) }
                Console.out(RecordJSON.document([
                    "entries": number(summary.entries), "pipelines": number(summary.pipelines),
                    "objects": .object(["blobs": number(blobs.count), "bytes": number(Int(blobs.bytes))]),
                    "hit_rate": .object(["runs": number(usage.runs), "hits": number(usage.hits), "misses": number(usage.misses),
                                         "rate": looked == 0 ? .null : .number(Double(usage.hits) / Double(looked))]),
                    "derived_images": .object(["count": number(imageCount), "bytes": number(Int(imageBytes ?? 0))]),
                ]))
                return
            }
            let rate = looked == 0 ? "no cacheable tasks" : String(format: "%.0f%% (%d hits, %d misses)",
                                                                   100 * Double(usage.hits) / Double(looked), usage.hits, usage.misses)
            Console.out("""
                entries   \(summary.entries) (\(summary.pipelines) pipelines)
                objects   \(blobs.count) blobs, \(ByteCount.format(blobs.bytes))
                hit rate  \(rate) over the last \(usage.runs) runs
                """)
            if imageCount > 0 {
                Console.out("images    \(imageCount) derived images\(imageBytes.map { ", " + ByteCount.format($0) } ?? "") (localhost/tarmac-env)")
            }
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove entries unused for a while or beyond a size, then the objects nothing needs.",
            discussion: "An object is removed only when no remaining entry and no recorded run references it. A derived image "
                + "(localhost/tarmac-env/..., a Lightweight Python component's base image with its install step done) is removed "
                + "when no remaining entry was made with it and it was not used within --older-than (or --grace).")
        @OptionGroup var storeOptions: StoreOptions
        @Option(name: .customLong("older-than"), help: ArgumentHelp("Remove entries not used for this long (e.g. 7d, 12h).", valueName: "AGE"))
        var olderThan: String?
        @Option(name: .customLong("max-size"), help: ArgumentHelp("Remove least recently used entries until entries hold at most this much (e.g. 10G).", valueName: "SIZE"))
        var maxSize: String?
        @Option(name: .customLong("grace"), help: ArgumentHelp("Keep unreferenced objects younger than this (a running task may not have recorded them yet).", valueName: "AGE"))
        var grace = "10m"
        @Flag(help: "Print one JSON document (schema in docs/json-schemas.md) instead of text.") var json = false

        func run() throws {
            guard olderThan != nil || maxSize != nil else {
                throw UsageError("say what to prune: --older-than AGE and/or --max-size SIZE", hint: "tarmac cache clear removes everything")
            }
            let store = try storeOptions.open()
            var entries = try store.cacheEntries()
            var doomed: [CacheEntry] = []
            if let olderThan {
                let cutoff = Date().addingTimeInterval(-(try ByteCount.duration(olderThan, option: "--older-than")))
                doomed = entries.filter { $0.lastUsed < cutoff }
                entries.removeAll { $0.lastUsed < cutoff }
            }
            if let maxSize {
                let limit = try ByteCount.parse(maxSize, option: "--max-size")
                let cost = { (entry: CacheEntry) in entry.bytes + Int64(entry.outputsJSON.utf8.count) }  // objects + its row
                var total = entries.reduce(Int64(0)) { $0 + cost($1) }
                for entry in entries where total > limit {  // least recently used first
                    doomed.append(entry)
                    total -= cost(entry)
                }
            }
            let graceSeconds = try ByteCount.duration(grace, option: "--grace")
            let (removed, collected) = try Self.remove(doomed, store: store, objects: storeOptions.objects, grace: graceSeconds)
            // A derived image stays while a remaining entry was made with it, or it was used within --older-than (else --grace).
            let usedSince = Date().addingTimeInterval(-(try olderThan.map { try ByteCount.duration($0, option: "--older-than") } ?? graceSeconds))
            let images = try Self.pruneImages(storeOptions, store: store, usedSince: usedSince)
            Console.out(Self.removal(entries: removed, collected, images: images, json: json))
        }

        /// Removes `entries` (one short transaction), then the objects no remaining entry and no recorded run
        /// references, older than `grace` seconds: prune, clear and `tarmac ui --allow-delete`'s delete button.
        static func remove(_ entries: [CacheEntry], store: RunStore, objects: ContentStore,
                           grace: TimeInterval) throws -> (entries: Int, collected: CollectionResult) {
            let removed = try store.deleteCacheEntries(entries)
            let keep = Set(try store.referencedObjects().compactMap(ObjectID.init))
            return (removed, objects.collectGarbage(keep: keep, grace: grace))
        }

        /// What prune and clear print: the entries, objects and derived images removed and the bytes freed.
        static func removal(entries: Int, _ collected: CollectionResult, images: DerivedImagePruning = DerivedImagePruning(),
                            json: Bool) -> String {
            guard json else {
                let derived = images.removed.isEmpty ? ""
                    : "; \(images.removed.count) derived images (\(ByteCount.format(images.freedBytes)))"
                return "removed \(entries) entries and \(collected.removedBlobs) objects (\(ByteCount.format(collected.freedBytes)))" + derived
            }
            return RecordJSON.document([
                "removed_entries": .number(Double(entries)), "removed_objects": .number(Double(collected.removedBlobs)),
                "freed_bytes": .number(Double(collected.freedBytes)), "removed_images": .array(images.removed.map(JSONValue.string)),
                "freed_image_bytes": .number(Double(images.freedBytes)),
            ])
        }
    }

    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove every entry, every object no recorded run references, and every derived image (localhost/tarmac-env/...).")
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Print one JSON document (schema in docs/json-schemas.md) instead of text.") var json = false

        func run() throws {
            let store = try storeOptions.open()
            let (removed, collected) = try Prune.remove(try store.cacheEntries(), store: store, objects: storeOptions.objects, grace: 0)
            let images = try Prune.pruneImages(storeOptions, store: store, usedSince: .distantFuture)
            Console.out(Prune.removal(entries: removed, collected, images: images, json: json))
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-hash every stored object; damaged ones are removed (the entries needing them become misses). Also checks the run database.",
            discussion: "Exit status 1 when damage was found.")
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Print one JSON document (schema in docs/json-schemas.md) instead of text.") var json = false

        func run() throws {
            let store = try storeOptions.open()
            let (checked, damaged) = storeOptions.objects.verify()
            let present = Set(storeOptions.objects.blobs().map(\.hex))
            let broken = try store.cacheEntries().filter { entry in
                !storeOptions.objects.closure(of: Set(entry.objects.compactMap(ObjectID.init))).isSubset(of: present)
            }
            let databaseDamage = try store.integrityCheck().filter { $0 != "ok" }
            if json {
                Console.out(RecordJSON.document([
                    "sound": .bool(damaged.isEmpty && databaseDamage.isEmpty), "checked_objects": .number(Double(checked)),
                    "damaged_objects": .array(damaged.map { JSONValue.string("sha256:\($0)") }),
                    "incomplete_entries": .array(broken.map { JSONValue.object(["pipeline": .string($0.pipelineName), "task": .string($0.taskName)]) }),
                    "database_problems": .array(databaseDamage.map(JSONValue.string)),
                ]))
                if !damaged.isEmpty || !databaseDamage.isEmpty { throw CommandExit(code: .taskFailed) }
                return
            }
            Console.out("checked \(checked) objects: \(damaged.count) damaged; \(broken.count) entries need a missing object")
            for hex in damaged { Console.out("damaged (removed): sha256:\(hex)") }
            for entry in broken { Console.out("incomplete entry: \(entry.pipelineName) \(entry.taskName) (next run repairs it)") }
            if !databaseDamage.isEmpty {
                Console.out("the run database is damaged (integrity_check: \(databaseDamage.count) problems): run `tarmac store check`, "
                            + "then `tarmac store repair`")
            }
            if !damaged.isEmpty || !databaseDamage.isEmpty { throw CommandExit(code: .taskFailed) }
        }
    }
}

extension CacheCommand {
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store a file or directory in the store's objects, as a task output is stored, and print its object id.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "Files or directories.") var paths: [String]
        @Flag(help: "Print one JSON document (schema in docs/json-schemas.md) instead of text.") var json = false

        func run() throws {
            var stored: [JSONValue] = []
            for path in paths {
                let object = try storeOptions.objects.ingest(path)
                if json {
                    stored.append(.object(["path": .string(path), "id": .string("\(object.id)"), "bytes": .number(Double(object.size))]))
                } else {
                    Console.out("\(object.id)  \(ByteCount.format(object.size))  \(path)")
                }
            }
            if json { Console.out(RecordJSON.document(["objects": .array(stored)])) }
        }
    }
}

extension StoreOptions {
    /// The store's content-addressed objects.
    var objects: ContentStore { ContentStore(root: (directory as NSString).appendingPathComponent("objects")) }
}
