import Basics
import Foundation
import PipelineIR
import Planner

/// Everything a run needs besides the pipeline and its parameters, resolved by the caller (`tarmac run` in
/// TarmacCommands): every path absolute, every value checked. Built once; the engine only reads it.
public struct RunOptions: Sendable {
    /// What the run starts from besides its parameters.
    public let inputs: Inputs
    /// Where and how many tasks run, and which.
    public let placement: Placement
    /// What the run does with the execution cache.
    public let cache: Cache
    /// Where the run's records and files go, and what it reports as it goes.
    public let output: Output

    public init(inputs: Inputs = Inputs(), placement: Placement = Placement(), cache: Cache = Cache(), output: Output) {
        self.inputs = inputs
        self.placement = placement
        self.cache = cache
        self.output = output
    }

    /// What the run starts from besides its parameters.
    public struct Inputs: Sendable {
        /// Input artifacts of the root DAG by name (`--artifact NAME=PATH`), absolute paths of files that exist.
        public let rootArtifacts: [String: String]
        /// Base environment of every task (the caller passes the user's environment).
        public let environment: [String: String]
        /// Remote URI prefixes (`gs://bucket`) mapped to absolute local directories, for importers.
        public let uriMap: [(prefix: String, directory: String)]
        /// Python used to create component environments.
        public let basePython: String?

        public init(rootArtifacts: [String: String] = [:], environment: [String: String] = ProcessInfo.processInfo.environment,
                    uriMap: [(prefix: String, directory: String)] = [], basePython: String? = nil) {
            self.rootArtifacts = rootArtifacts
            self.environment = environment
            self.uriMap = uriMap
            self.basePython = basePython
        }
    }

    /// Where and how many tasks run, and which.
    public struct Placement: Sendable {
        /// Most tasks running at once (at least 1).
        public let maxParallel: Int
        /// Let independent branches finish after a failure (a Tarmac extension; the cluster fails fast).
        public let keepGoing: Bool
        /// Seconds an attempt of a task may run before its process group is ended and the attempt fails (nil: no limit).
        public let taskTimeout: Double?
        /// The container runner's settings; the default runs every task as a subprocess.
        public let containers: ContainerOptions
        /// A partial run (`--only`, `--from`, `--until`), if any.
        public let selection: TaskSelection?

        public init(maxParallel: Int = ProcessInfo.processInfo.activeProcessorCount, keepGoing: Bool = false,
                    taskTimeout: Double? = nil, containers: ContainerOptions = ContainerOptions(), selection: TaskSelection? = nil) {
            self.maxParallel = max(1, maxParallel)
            self.keepGoing = keepGoing
            self.taskTimeout = taskTimeout
            self.containers = containers
            self.selection = selection
        }
    }

    /// What the run does with the execution cache.
    public struct Cache: Sendable {
        /// Read and write, read only, write only, or off.
        public let mode: CacheMode

        public init(mode: CacheMode = .readWrite) { self.mode = mode }
    }

    /// Where the run's records and files go, and what it reports as it goes.
    public struct Output: Sendable {
        /// The store directory (`.tarmac`), absolute: database, environments, volumes.
        public let storeDirectory: String
        /// Where artifacts go, absolute: the option, else `<store>/artifacts`. (The IR's `defaultPipelineRoot`
        /// names remote buckets a laptop does not have, so it is not used.)
        public let pipelineRoot: String
        /// Stream each task's output lines to the progress sink.
        public let streamLogs: Bool
        /// The experiment the run is filed under (`--experiment`), as in KFP; nil for none.
        public let experiment: String?
        /// Keep the volume directories kfp-kubernetes `DeletePVC` tasks would remove (for debugging).
        public let keepVolumes: Bool
        /// How task errors and warnings name run options (`OptionKey`): the caller's spelling, its keys by default.
        public let optionNames: OptionNames

        public init(storeDirectory: String, pipelineRoot: String? = nil, streamLogs: Bool = true, experiment: String? = nil,
                    keepVolumes: Bool = false, optionNames: OptionNames = .keys) {
            self.storeDirectory = storeDirectory
            self.pipelineRoot = pipelineRoot ?? (storeDirectory as NSString).appendingPathComponent("artifacts")
            self.streamLogs = streamLogs
            self.experiment = experiment
            self.keepVolumes = keepVolumes
            self.optionNames = optionNames
        }
    }
}
