import Basics
import Foundation
import PipelineIR
import Planner

extension TaskExecutor {
    /// Computes the task's cache key and, on a hit, fills `outcome` with the stored outputs
    /// (materialized into this execution's output paths) and returns `.cached`: nothing runs.
    func serveFromCache(_ request: TaskRequest, invocation: TaskInvocation, outcome: inout TaskOutcome) -> Ending? {
        guard let cache = context.cache else { return nil }
        let (key, status) = cache.key(for: request)
        outcome.cache = status
        if request.role == .forceRun, key != nil {
            outcome.cache.status = .forced
            return nil
        }
        guard let key, let hit = cache.lookup(key, outputs: invocation.outputArtifacts, force: request.role == .reuse,
                                              outcome: &outcome.cache) else { return nil }
        outcome.parameters = hit.parameters
        outcome.artifacts = hit.artifacts
        return .cached
    }

    /// After a successful execution: ingests its output artifacts (their object ids key the tasks
    /// downstream) and writes its cache entry. A store failure is a warning, never a task failure.
    func storeInCache(_ request: TaskRequest, outcome: inout TaskOutcome) {
        guard let cache = context.cache else { return }
        do {
            let (artifacts, bytes, dropped) = try cache.ingest(outcome.artifacts)
            for line in dropped { context.warnOnce("\(request.name): \(line)") }
            outcome.artifacts = artifacts
            guard let key = outcome.cache.key else { return }
            try cache.save(key, request: request, outputs: CachedOutputs(parameters: outcome.parameters, artifacts: artifacts),
                           bytes: bytes)
        } catch {
            context.warnOnce("\(request.name): not cached: \(error.message)")
        }
    }

    /// `--only`: a task upstream of the selected one is never executed. Missing the cache, it takes the
    /// outputs of the latest execution of the same task that produced them (artifacts used in place).
    func reusePreviousOutputs(_ request: TaskRequest, outcome: inout TaskOutcome) -> Ending {
        guard let previous = try? context.recorder.store.latestOutputs(of: request.name, pipeline: context.spec.name) else {
            return .failed(TaskFailure("\(context.name(.only)) reuses the outputs of the tasks it does not run, and '\(request.name)' has none in this store "
                + "(nor a cache hit): run the whole pipeline once first"))
        }
        var artifacts: [String: [RuntimeArtifact]] = [:]
        for record in previous.artifacts {
            guard FileManager.default.fileExists(atPath: record.uri) else {
                return .failed(TaskFailure("\(context.name(.only)): the output '\(record.outputKey)' of '\(request.name)' from run "
                                           + "\(previous.task.runID.prefix(8)) is gone (\(record.uri))"))
            }
            let metadata = (try? JSONValue.parse(record.metadataJSON))?.objectValue ?? [:]
            let type = request.component.outputDefinitions.artifacts[record.outputKey]?.artifactType
                ?? ArtifactTypeSchema(schemaTitle: record.schemaTitle)
            artifacts[record.outputKey, default: []].append(RuntimeArtifact(id: record.id, name: record.outputKey, type: type, uri: record.uri,
                                                                            metadata: metadata, object: record.digest))
        }
        outcome.parameters = previous.task.outputsJSON.flatMap { try? JSONValue.parse($0) }?.objectValue ?? [:]
        outcome.artifacts = artifacts
        outcome.cache.status = .reused
        outcome.cache.note = "outputs of run \(previous.task.runID.prefix(8)) reused by \(context.name(.only))"
        return .reused
    }
}
