import Basics
import Foundation
import Planner

extension ContainerExecutor {
    /// Computes the task's cache key and, on a hit, fills `outcome` with the stored outputs
    /// (materialized into this execution's output paths) and returns true: nothing runs.
    func serveFromCache(_ request: ContainerRequest, invocation: TaskInvocation, outcome: inout ContainerOutcome) -> Bool {
        guard let cache = context.cache else { return false }
        let (key, status) = cache.key(for: request)
        outcome.cache = status
        guard let key, let hit = cache.lookup(key, outputs: invocation.outputArtifacts, outcome: &outcome.cache) else { return false }
        outcome.parameters = hit.parameters
        outcome.artifacts = hit.artifacts
        outcome.cached = true
        outcome.succeeded = true
        return true
    }

    /// After a successful execution: ingests its output artifacts (their object ids key the tasks
    /// downstream) and writes its cache entry. A store failure is a warning, never a task failure.
    func storeInCache(_ request: ContainerRequest, outcome: inout ContainerOutcome) {
        guard let cache = context.cache else { return }
        do {
            let (artifacts, bytes) = try cache.ingest(outcome.artifacts)
            outcome.artifacts = artifacts
            guard let key = outcome.cache.key else { return }
            try cache.save(key, request: request, outputs: CachedOutputs(parameters: outcome.parameters, artifacts: artifacts),
                           bytes: bytes)
        } catch {
            context.warnOnce("\(request.name): not cached: \(error.message)")
        }
    }
}
