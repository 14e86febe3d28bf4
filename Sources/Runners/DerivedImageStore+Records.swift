import Basics
import Foundation

/// What the store knows of one derived image (`<root>/<key>.json`).
public struct DerivedImageRecord: Sendable, Hashable {
    public var key: String
    public var tag: String
    /// `podman` or `docker`: whose CLI removes it.
    public var engine: String
    public var baseImage: String
    public var baseImageID: String
    public var created: Date
    /// When a task last ran in it (or it was built).
    public var lastUsed: Date
    /// The cache entries of tasks that ran in it, as `<pipeline>/<cache key>`.
    public var entries: [String]

    var json: JSONValue {
        .object([
            "key": .string(key), "tag": .string(tag), "engine": .string(engine), "base_image": .string(baseImage),
            "base_image_id": .string(baseImageID), "created": .number(created.timeIntervalSince1970),
            "last_used": .number(lastUsed.timeIntervalSince1970), "entries": .array(entries.map(JSONValue.string)),
        ])
    }

    init(key: String, tag: String, engine: String, baseImage: String, baseImageID: String, created: Date, lastUsed: Date,
         entries: [String]) {
        (self.key, self.tag, self.engine, self.baseImage, self.baseImageID) = (key, tag, engine, baseImage, baseImageID)
        (self.created, self.lastUsed, self.entries) = (created, lastUsed, entries)
    }

    init?(json: JSONValue) {
        guard let object = json.objectValue, let key = object["key"]?.stringValue, let tag = object["tag"]?.stringValue,
              let engine = object["engine"]?.stringValue else { return nil }
        self.init(key: key, tag: tag, engine: engine, baseImage: object["base_image"]?.stringValue ?? "",
                  baseImageID: object["base_image_id"]?.stringValue ?? "",
                  created: Date(timeIntervalSince1970: object["created"]?.numberValue ?? 0),
                  lastUsed: Date(timeIntervalSince1970: object["last_used"]?.numberValue ?? 0),
                  entries: object["entries"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }
}

/// What `cache prune` did to the derived images.
public struct DerivedImagePruning: Sendable, Hashable {
    public var removed: [String] = []
    public var freedBytes: Int64 = 0
    /// Images kept because their engine could not remove them, with its message.
    public var problems: [String] = []

    public init() {}
}

extension DerivedImageStore {
    /// Every record, by key.
    public func records() -> [DerivedImageRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: root + "/" + name), let json = try? JSONValue.parse(data) else { return nil }
            return DerivedImageRecord(json: json)
        }
    }

    /// Notes a use now; records an image found without a record (its record was lost, or another store built it).
    func touch(_ found: DerivedImageRecord) { update(found.key, default: found) { $0.lastUsed = Date() } }

    /// Notes that the cache entry `entry` (`<pipeline>/<cache key>`) was made by a task that ran in image `key`.
    public func recordEntry(_ entry: String, image key: String) {
        update(key) { record in
            record.lastUsed = Date()
            if !record.entries.contains(entry) { record.entries.append(entry) }
        }
    }

    /// Removes every image no entry in `keep` was made with and unused since `usedSince`, through its engine's CLI
    /// (found on `environment`'s PATH); its record goes with it. An image the engine will not remove (a container
    /// uses it) is kept and reported.
    public func prune(keeping keep: Set<String>, usedSince: Date, environment: [String: String]) -> DerivedImagePruning {
        var result = DerivedImagePruning()
        for record in records() where record.lastUsed < usedSince && !record.entries.contains(where: keep.contains) {
            guard let executable = ProcessLauncher.resolveExecutable(record.engine, environment: environment, workingDirectory: "/") else {
                result.problems.append("\(record.tag): \(record.engine) is not on PATH; kept")
                continue
            }
            let engine = EngineCommands(executable: executable, environment: environment)
            let size = engine.size(record.tag) ?? 0
            if let problem = engine.removeImage(record.tag) {
                result.problems.append("\(record.tag): \(problem)")
                continue
            }
            try? FileManager.default.removeItem(atPath: root + "/" + record.key + ".json")
            for suffix in [".lock", ".record.lock"] { try? FileManager.default.removeItem(atPath: root + "/" + record.key + suffix) }
            result.removed.append(record.tag)
            result.freedBytes += size
        }
        return result
    }

    /// The total size of the recorded images that exist, as their engines report it (nil: no engine answered).
    public func totalSize(environment: [String: String]) -> Int64? {
        var total: Int64?
        for record in records() {
            guard let executable = ProcessLauncher.resolveExecutable(record.engine, environment: environment, workingDirectory: "/"),
                  let size = EngineCommands(executable: executable, environment: environment).size(record.tag) else { continue }
            total = (total ?? 0) + size
        }
        return total
    }

    func writeRecord(_ record: DerivedImageRecord) throws(RunnerError) {
        let path = root + "/" + record.key + ".json"
        let temporary = path + ".tmp-\(getpid())-\(Digest.randomHex(bytes: 4))"
        do {
            try Data((record.json.canonicalJSON + "\n").utf8).write(to: URL(fileURLWithPath: temporary))
            if rename(temporary, path) != 0 { throw RunnerError(.fileSystem, String(cString: strerror(errno)), at: .path(path)) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw RunnerError(.fileSystem, "cannot write the derived image's record: \(error)", at: .path(path))
        }
    }

    /// Read-modify-write of a record under its own lock (not the build's, which a builder holds while it reuses).
    private func update(_ key: String, default missing: DerivedImageRecord? = nil, _ change: (inout DerivedImageRecord) -> Void) {
        guard (try? makeDirectory()) != nil, let lock = try? FileLock(path: root + "/" + key + ".record.lock") else { return }
        defer { lock.unlock() }
        let path = root + "/" + key + ".json"
        let stored = FileManager.default.contents(atPath: path).flatMap { try? JSONValue.parse($0) }.flatMap(DerivedImageRecord.init(json:))
        guard var record = stored ?? missing else { return }
        change(&record)
        try? writeRecord(record)
    }
}
