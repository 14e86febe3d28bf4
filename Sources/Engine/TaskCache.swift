import Basics
import ContentStore
import Foundation
import PipelineIR
import Planner
import RunDatabase

/// The execution cache as one run uses it: computes keys from the content of inputs, serves hits by
/// materializing stored outputs, ingests outputs, and writes entries for successes. Used from worker
/// threads; its only mutable state (`identified`) is guarded by `lock`.
final class TaskCache: @unchecked Sendable {
    let mode: CacheMode
    let objects: ContentStore
    let store: RunStore
    let pipelineName: String
    let runID: String
    /// What it does with a hit.
    let access: Access
    private let lock = NSLock()
    /// Object ids of inputs that came from outside the store (importers, `--artifact`), by path.
    private var identified: [String: String] = [:]
    /// Keys of the entries this run served, marked used in one transaction at its end.
    private var served: [String] = []

    /// How a run uses the cache.
    enum Access: Sendable {
        /// Serves hits (their objects copied into the task's outputs), repairs damaged entries, records their use,
        /// and stores what runs, as `mode` says.
        case serving
        /// Looks up only (`plan --cache`): a hit is checked, never copied, and nothing is written (mode `read`).
        case lookUpOnly
    }

    init(mode: CacheMode, access: Access = .serving, objects: ContentStore, store: RunStore, pipelineName: String, runID: String) {
        self.access = access
        self.mode = access == .lookUpOnly ? .read : mode
        self.objects = objects
        self.store = store
        self.pipelineName = pipelineName
        self.runID = runID
    }

    /// The key of a cacheable task, or nil with the status to record when the task is not looked up.
    func key(for request: TaskRequest) -> (CacheKey?, CacheOutcome) {
        guard mode != .off else { return (nil, CacheOutcome(status: .off)) }
        guard request.task.cachingOptions?.enableCache == true else { return (nil, CacheOutcome(status: .disabled)) }
        let artifacts = request.inputs.artifacts.mapValues { list in
            list.map { ArtifactKeyPart(object: objectID(of: $0), schemaTitle: $0.type.schemaTitle, metadata: $0.metadata) }
        }
        let key = CacheKey(task: request.task, component: request.component, container: request.container,
                           parameters: request.inputs.parameters, artifacts: artifacts, kubernetes: request.kubernetes,
                           runVolumes: request.workspaceVolume.map { [$0] } ?? [])
        return (key, CacheOutcome(status: mode.reads ? .miss : .writeOnly, key: key))
    }

    /// Records that the entries served by this run were used now (for `cache prune --older-than`).
    func recordUse() {
        let keys = lock.withLock { served }
        try? store.touchCacheEntries(pipeline: pipelineName, keys: keys)
    }

    /// The artifact's object id: recorded at ingest, else hashed once per run, else `absent`.
    func objectID(of artifact: RuntimeArtifact) -> String {
        if let object = artifact.object { return object }
        if let known = lock.withLock({ identified[artifact.uri] }) { return known }
        let id = (try? objects.identify(artifact.uri).description) ?? "absent"
        lock.withLock { identified[artifact.uri] = id }
        return id
    }

    /// Serves a hit: copies the entry's artifacts into this execution's provisioned outputs (verifying
    /// every byte). A missing or damaged object turns the hit into a miss and removes the entry.
    func lookup(_ key: CacheKey, outputs provisioned: [String: RuntimeArtifact], force: Bool = false,
                outcome: inout CacheOutcome) -> CachedOutputs? {
        guard mode.reads || force, let entry = try? store.cacheEntry(pipeline: pipelineName, key: key.key) else { return nil }
        guard let record = CachedOutputs(json: entry.outputsJSON),
              let restored = restore(record, into: provisioned) else {
            if access == .lookUpOnly {
                outcome.note = "its cache entry has missing or damaged objects"
                return nil
            }
            try? store.deleteCacheEntry(pipeline: pipelineName, key: key.key)
            outcome.note = "the cache entry from run \(entry.runID.prefix(8)) had missing or damaged objects; ran again to repair it"
            return nil
        }
        if access == .serving { lock.withLock { served.append(key.key) } }
        outcome.status = .hit
        outcome.note = "from the execution of \(entry.taskName) in run \(entry.runID.prefix(8))"
        return restored
    }

    private func restore(_ record: CachedOutputs, into provisioned: [String: RuntimeArtifact]) -> CachedOutputs? {
        var restored = CachedOutputs(parameters: record.parameters, artifacts: [:])
        for (name, list) in record.artifacts {
            guard let target = provisioned[name], let stored = list.first else { return nil }
            var artifact = target
            artifact.id = UUID().uuidString.lowercased()
            artifact.metadata = stored.metadata
            artifact.object = stored.object
            if let object = stored.object, object != "absent" {
                guard let id = ObjectID(object) else { return nil }
                if access == .lookUpOnly {
                    guard objects.closure(of: [id]).allSatisfy({ objects.contains(ObjectID(kind: .file, hex: $0)) }) else { return nil }
                } else if !objects.materialize(id, to: target.uri) {
                    return nil
                }
            }
            restored.artifacts[name] = [artifact]
        }
        return restored
    }

    /// Stores each output artifact's bytes and records its object id (outputs that were never
    /// written are `absent`). A store failure leaves the artifact without an id and is reported.
    /// `dropped` lists the FIFOs, devices and sockets left out of output directories, one line each.
    func ingest(_ artifacts: [String: [RuntimeArtifact]]) throws -> (artifacts: [String: [RuntimeArtifact]], bytes: Int64, dropped: [String]) {
        guard mode != .off else { return (artifacts, 0, []) }
        var bytes: Int64 = 0
        var dropped: [String] = []
        var result: [String: [RuntimeArtifact]] = [:]
        for (name, list) in artifacts {
            result[name] = try list.map { artifact in
                var stored = artifact
                if FileManager.default.fileExists(atPath: artifact.uri) {
                    let object = try objects.ingest(artifact.uri)
                    stored.object = object.id.description
                    bytes += object.size
                    dropped += object.dropped.map { "output artifact '\(name)': \($0) was not stored (not artifact content)" }
                } else {
                    stored.object = "absent"
                }
                return stored
            }
        }
        return (result, bytes, dropped)
    }

    /// Writes the entry of a successful execution (only when the mode writes).
    func save(_ key: CacheKey, request: TaskRequest, outputs: CachedOutputs, bytes: Int64) throws {
        guard mode.writes else { return }
        let objects = outputs.artifacts.values.flatMap { $0.compactMap(\.object) }.filter { $0 != "absent" }
        let now = Date()
        try store.saveCacheEntry(CacheEntry(pipelineName: pipelineName, cacheKey: key.key, taskName: request.name,
                                            componentName: request.task.componentRef, runID: runID, created: now,
                                            lastUsed: now, outputsJSON: outputs.json, objects: Array(Set(objects)).sorted(),
                                            bytes: bytes))
    }
}
