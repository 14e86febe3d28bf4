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

/// How a process ended. A non-zero exit is a normal outcome, not an error.
public struct ProcessOutcome: Sendable, Hashable {
    /// The exit status, when it exited.
    public var exitCode: Int32?
    /// The signal that ended it, when killed.
    public var signal: Int32?
    /// Ended because `ProcessSpec.timeout` passed.
    public var timedOut: Bool
    /// Cancelled through `TaskRunner.cancelAll()`.
    public var cancelled: Bool
    /// When the process could not be started at all (e.g. argv[0] not found): why.
    public var launchError: String?
    /// Wall-clock time from `run` to the end of the process and its output.
    public var durationSeconds: Double
    /// When the output could not all be written to the log file (e.g. a full disk): why.
    public var logError: String?
    /// The runner's reading of a failure, when it knows better than the exit code (an image that
    /// cannot be found, a container killed for exceeding its memory limit).
    public var diagnosis: String?

    /// An outcome; see the properties.
    public init(exitCode: Int32? = nil, signal: Int32? = nil, timedOut: Bool = false, cancelled: Bool = false,
                launchError: String? = nil, durationSeconds: Double = 0, logError: String? = nil) {
        self.exitCode = exitCode
        self.signal = signal
        self.timedOut = timedOut
        self.cancelled = cancelled
        self.launchError = launchError
        self.durationSeconds = durationSeconds
        self.logError = logError
    }

    /// Exited with status 0.
    public var succeeded: Bool { exitCode == 0 && !timedOut && !cancelled && launchError == nil }
}

/// The only door to processes: the engine runs everything through it, tests may fake it.
public protocol TaskRunner: Sendable {
    /// Runs `spec` to completion, blocking the calling thread (the engine calls it from a worker queue).
    func run(_ spec: ProcessSpec) -> ProcessOutcome
    /// Ends every process group still running (SIGTERM, then SIGKILL after `grace` seconds); later `run`s are refused.
    func cancelAll(grace: Double)
    /// Kills everything still running at once and returns when it is gone (a second Ctrl-C, before exiting).
    func killAll()
}

extension TaskRunner {
    /// By default, `cancelAll` with no grace period.
    public func killAll() { cancelAll(grace: 0) }
}
