import Runners

/// Where a task runs: on the host, or in its image through a container engine.
public enum RunnerChoice: Sendable, Hashable {
    case subprocess
    case container(ContainerEngineKind, executable: String)
}

/// The container runner's settings of one run (`tarmac run --runner ... --mount ... --env ...`), resolved by the
/// caller: host paths absolute. Built once; the engine only reads it.
public struct ContainerOptions: Sendable {
    /// The runner of every task without an override.
    public let defaultRunner: RunnerChoice
    /// Per-task overrides, by task name (`train`) or instance name (`for-loop-2[3]/add`).
    public let runnerPerTask: [String: RunnerChoice]
    /// Extra bind mounts for every container (`--mount HOST:CONTAINER[:ro]`).
    public let mounts: [ContainerMount]
    /// Extra variables for every task, container or not (`--env NAME=VALUE`).
    public let environment: [ContainerInvocation.Variable]
    /// Host variables every container gets by name (`--env NAME`, the value never on a command line):
    /// the proxy and CA variables of `--inherit-proxy`.
    public let passedEnvironment: [String: String]
    /// `--network NAME`; nil keeps the engine's default.
    public let network: String?
    /// `--pull`: overrides the tasks' own image pull policy when set.
    public let pull: ImagePullPolicy?
    /// `--secrets-dir DIR`: secret (and config map) `NAME`'s key `KEY` is the file `DIR/NAME/KEY` (absolute).
    public let secretsDirectory: String?
    /// `--volume NAME=DIR`: PVC `NAME` is this absolute directory instead of `<store>/volumes/NAME`.
    public let volumes: [String: String]
    /// GPUs of this machine for accelerator limits (`--gpus N`); nil: count the `/dev/nvidiaN` devices.
    public let gpuCount: Int?

    public init(defaultRunner: RunnerChoice = .subprocess, runnerPerTask: [String: RunnerChoice] = [:], mounts: [ContainerMount] = [],
                environment: [ContainerInvocation.Variable] = [], passedEnvironment: [String: String] = [:], network: String? = nil,
                pull: ImagePullPolicy? = nil, secretsDirectory: String? = nil, volumes: [String: String] = [:], gpuCount: Int? = nil) {
        self.defaultRunner = defaultRunner
        self.runnerPerTask = runnerPerTask
        self.mounts = mounts
        self.environment = environment
        self.passedEnvironment = passedEnvironment
        self.network = network
        self.pull = pull
        self.secretsDirectory = secretsDirectory
        self.volumes = volumes
        self.gpuCount = gpuCount
    }

    /// The runner of one task instance.
    func runner(forTask key: String, instance name: String) -> RunnerChoice {
        runnerPerTask[name] ?? runnerPerTask[key] ?? defaultRunner
    }

    /// Whether any task may run in a container.
    public var usesContainers: Bool {
        ([defaultRunner] + Array(runnerPerTask.values)).contains { $0 != .subprocess }
    }
}
