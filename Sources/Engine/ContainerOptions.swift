import Runners

/// Where a task runs: on the host, or in its image through a container engine.
public enum RunnerChoice: Sendable, Hashable {
    case subprocess
    case container(ContainerEngineKind, executable: String)
}

/// The container runner's settings of one run (`tarmac run --runner ... --mount ... --env ...`).
public struct ContainerOptions: Sendable {
    /// The runner of every task without an override.
    public var defaultRunner: RunnerChoice = .subprocess
    /// Per-task overrides, by task name (`train`) or instance name (`for-loop-2[3]/add`).
    public var runnerPerTask: [String: RunnerChoice] = [:]
    /// Extra bind mounts for every container (`--mount HOST:CONTAINER[:ro]`).
    public var mounts: [ContainerMount] = []
    /// Extra variables for every task, container or not (`--env NAME=VALUE`).
    public var environment: [ContainerInvocation.Variable] = []
    /// Host variables every container gets by name (`--env NAME`, the value never on a command line):
    /// the proxy and CA variables of `--inherit-proxy`.
    public var passedEnvironment: [String: String] = [:]
    /// `--network NAME`; nil keeps the engine's default.
    public var network: String?
    /// `--pull`: overrides the tasks' own image pull policy when set.
    public var pull: ImagePullPolicy?
    /// `--secrets-dir DIR`: secret (and config map) `NAME`'s key `KEY` is the file `DIR/NAME/KEY`.
    public var secretsDirectory: String?
    /// `--volume NAME=DIR`: PVC `NAME` is this directory instead of `<store>/volumes/NAME`.
    public var volumes: [String: String] = [:]
    /// GPUs of this machine for accelerator limits (`--gpus N`); nil: count the `/dev/nvidiaN` devices.
    public var gpuCount: Int?

    public init() {}

    /// The runner of one task instance.
    func runner(forTask key: String, instance name: String) -> RunnerChoice {
        runnerPerTask[name] ?? runnerPerTask[key] ?? defaultRunner
    }

    /// Whether any task may run in a container.
    public var usesContainers: Bool {
        ([defaultRunner] + Array(runnerPerTask.values)).contains { $0 != .subprocess }
    }
}
