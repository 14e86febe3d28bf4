import Foundation
import RunDatabase
import Runners

extension CacheCommand.Prune {
    /// The derived images (`localhost/tarmac-env/…`) that no remaining entry was made with and unused since `usedSince`.
    static func pruneImages(_ options: StoreOptions, store: RunStore, usedSince: Date) throws -> DerivedImagePruning {
        let images = options.derivedImages
        guard !images.records().isEmpty else { return DerivedImagePruning() }
        let keep = Set(try store.cacheEntries().map { $0.pipelineName + "/" + $0.cacheKey })
        let pruning = images.prune(keeping: keep, usedSince: usedSince, environment: ProcessInfo.processInfo.environment)
        for problem in pruning.problems { Console.error("tarmac: warning: derived image kept: \(problem)") }
        return pruning
    }
}

extension StoreOptions {
    /// The store's records of derived images (`<store>/derived-images`).
    var derivedImages: DerivedImageStore {
    DerivedImageStore(root: (directory as NSString).appendingPathComponent("derived-images"), runner: SubprocessRunner())
    }
}
