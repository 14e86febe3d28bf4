/// One process to run: argv, environment, working directory, and where its output goes.
public struct ProcessSpec: Sendable, Hashable {
    /// argv[0] is looked up on PATH (from `environment`) when it has no slash.
    public var argv: [String]
    /// The complete environment of the child (nothing is inherited implicitly), plus `TARMAC_PROCESS` unless
    /// `marksDescendants` is false.
    public var environment: [String: String]
    /// The child's current directory; it must exist.
    public var workingDirectory: String
    /// stdout and stderr are appended here, whole, as they arrive.
    public var logFile: String
    /// When set, each output line is also passed to the runner's line handler with this prefix.
    public var streamPrefix: String?
    /// Seconds before the process group is killed and the outcome marked timed out.
    public var timeout: Double?
    /// When set, `argv` runs inside this container (`ContainerRunner`); `environment` is then the
    /// engine client's environment, not the container's.
    public var container: ContainerInvocation?
    /// Work done once the process has been started, while it starts up (e.g. writing a record of it).
    public var afterSpawn: SpawnHook?
    /// With `container`: work done after the container exited with code 0 and before it is removed (copying files
    /// out of it). Such a container is run without `--rm`, so that it is still there.
    public var beforeContainerRemoval: ContainerHook?
    /// Whether the process and everything it starts carry a `Descendants` marker, so that what escapes its process
    /// group is killed when it exits (false for a container engine's client: its helpers, e.g. conmon, must live on).
    public var marksDescendants = true

    /// A spec; see the properties.
    public init(argv: [String], environment: [String: String], workingDirectory: String, logFile: String,
                streamPrefix: String? = nil, timeout: Double? = nil, container: ContainerInvocation? = nil) {
        self.argv = argv
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.logFile = logFile
        self.streamPrefix = streamPrefix
        self.timeout = timeout
        self.container = container
    }
}

/// Work to do right after a process is spawned, off the path between one task's end and the next one's start.
/// Every hook is equal to every other, so that a spec stays a plain value.
public struct SpawnHook: Sendable, Hashable {
    let body: @Sendable () -> Void

    /// A hook running `body`.
    public init(_ body: @escaping @Sendable () -> Void) { self.body = body }

    public static func == (lhs: SpawnHook, rhs: SpawnHook) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}

/// How a process ended, as the kernel reports it (swift-subprocess's `TerminationStatus`).
public enum ExitStatus: Sendable, Hashable {
    /// It exited with this code.
    case exited(Int32)
    /// This signal ended it.
    case signaled(Int32)
}

/// Why and how a process ended: by itself, or ended by the runner, or never started.
public enum Termination: Sendable, Hashable {
    /// It exited with this code (0 is success).
    case exited(Int32)
    /// A signal Tarmac did not send for a timeout or a cancel ended it.
    case signaled(Int32)
    /// `ProcessSpec.timeout` passed and its process group was ended; how it then ended, when known.
    case timedOut(ExitStatus?)
    /// `TaskRunner.cancelAll()` ended it (or refused to start it: nil).
    case canceled(ExitStatus?)
    /// It could not be started at all (e.g. argv[0] not found), or was lost track of: why.
    case launchFailed(String)

    /// `status` as a termination of its own (the process ended by itself).
    public init(_ status: ExitStatus) {
        switch status {
        case .exited(let code): self = .exited(code)
        case .signaled(let signal): self = .signaled(signal)
        }
    }

    /// It exited or was killed by a signal of its own: no timeout, cancel or launch failure.
    public var endedByItself: Bool {
        switch self {
        case .exited, .signaled: true
        case .timedOut, .canceled, .launchFailed: false
        }
    }

    /// How its process ended, when it ran and was reaped.
    public var status: ExitStatus? {
        switch self {
        case .exited(let code): .exited(code)
        case .signaled(let signal): .signaled(signal)
        case .timedOut(let status), .canceled(let status): status
        case .launchFailed: nil
        }
    }
}

/// How a process ended. A non-zero exit is a normal outcome, not an error.
public struct ProcessOutcome: Sendable, Hashable {
    /// Why and how it ended.
    public var termination: Termination
    /// Wall-clock time from `run` to the end of the process and its output.
    public var durationSeconds: Double
    /// When the output could not all be written to the log file (e.g. a full disk): why.
    public var logError: String?
    /// The runner's reading of a failure, when it knows better than the exit code (an image that
    /// cannot be found, a container killed for exceeding its memory limit).
    public var diagnosis: String?

    /// An outcome; see the properties.
    public init(_ termination: Termination, durationSeconds: Double = 0, logError: String? = nil) {
        self.termination = termination
        self.durationSeconds = durationSeconds
        self.logError = logError
    }

    /// Exited with status 0.
    public var succeeded: Bool { termination == .exited(0) }

    /// Its exit code, when its process exited (also after a timeout or a cancel), as recorded with the task.
    public var exitCode: Int32? {
        if case .exited(let code)? = termination.status { return code }
        return nil
    }

    /// How an engine client or a setup step failed, in a few words: its launch error, "timed out", "canceled",
    /// "killed by signal N" or "exited with code N".
    public var failureText: String {
        switch termination {
        case .launchFailed(let why): why
        case .timedOut: "timed out"
        case .canceled: "canceled"
        case .signaled(let signal): "killed by signal \(signal)"
        case .exited(let code): "exited with code \(code)"
        }
    }
}

/// The only door to processes: the engine runs everything through it, tests may fake it.
public protocol TaskRunner: Sendable {
    /// Why this runner will run no task, asked before anything is prepared for one (a dry run's stand-in); nil
    /// (the default) for a runner that runs them.
    var refusal: String? { get }
    /// Runs `spec` to completion, blocking the calling thread (the engine calls it from a worker queue).
    func run(_ spec: ProcessSpec) -> ProcessOutcome
    /// Ends every process group still running (SIGTERM, then SIGKILL after `grace` seconds); later `run`s are refused.
    func cancelAll(grace: Double)
    /// Kills everything still running at once and returns when it is gone (a second Ctrl-C, before exiting).
    func killAll()
}

extension TaskRunner {
    /// By default, a runner runs its tasks.
    public var refusal: String? { nil }

    /// By default, `cancelAll` with no grace period.
    public func killAll() { cancelAll(grace: 0) }
}
