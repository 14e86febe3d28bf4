import Basics
import Foundation
import PipelineIR
import Planner

/// Everything a run needs besides the pipeline and its parameters.
public struct RunOptions: Sendable {
    /// The store directory (`.tarmac`): database, environments, default pipeline root.
    public var storeDirectory: String
    /// Where artifacts go; `<store>/artifacts` when nil.
    public var pipelineRoot: String?
    /// Most tasks running at once.
    public var maxParallel: Int
    /// Base environment of every task (the caller passes the user's environment).
    public var environment: [String: String]
    /// Input artifacts of the root DAG (`--artifact NAME=PATH`).
    public var rootArtifacts: [String: String]
    /// Python used to create component environments.
    public var basePython: String?
    /// Stream each task's output lines to the progress sink.
    public var streamLogs: Bool
    /// Let independent branches finish after a failure (a Tarmac extension; the cluster fails fast).
    public var keepGoing = false
    /// Keep the volume directories kfp-kubernetes `DeletePVC` tasks would remove (for debugging).
    public var keepVolumes = false
    /// Remote URI prefixes (`gs://bucket`) mapped to local directories, for importers.
    public var uriMap: [(prefix: String, directory: String)] = []
    /// What the run does with the execution cache.
    public var cacheMode: CacheMode = .readWrite
    /// A partial run (`--only`, `--from`, `--until`), if any.
    public var selection: TaskSelection?
    /// The experiment the run is filed under (`--experiment`), as in KFP; nil for none.
    public var experiment: String?
    /// The container runner's settings; the default runs every task as a subprocess.
    public var containers = ContainerOptions()
    /// Seconds an attempt of a task may run before its process group is ended and the attempt fails (nil: no limit).
    public var taskTimeout: Double?

    public init(storeDirectory: String, pipelineRoot: String? = nil, maxParallel: Int = ProcessInfo.processInfo.activeProcessorCount,
                environment: [String: String] = ProcessInfo.processInfo.environment, rootArtifacts: [String: String] = [:],
                basePython: String? = nil, streamLogs: Bool = true) {
        self.storeDirectory = storeDirectory
        self.pipelineRoot = pipelineRoot
        self.maxParallel = max(1, maxParallel)
        self.environment = environment
        self.rootArtifacts = rootArtifacts
        self.basePython = basePython
        self.streamLogs = streamLogs
    }

    /// The effective pipeline root: the option, else `<store>/artifacts`. (The IR's
    /// `defaultPipelineRoot` names remote buckets a laptop does not have, so it is not used.)
    public var effectivePipelineRoot: String {
        pipelineRoot ?? (storeDirectory as NSString).appendingPathComponent("artifacts")
    }
}
