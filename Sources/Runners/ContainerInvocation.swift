import Basics

/// The container engines Tarmac drives through their command-line clients.
public enum ContainerEngineKind: String, Sendable, Hashable, CaseIterable {
    case docker
    case podman
}

/// When the engine pulls the image (`--pull`): Kubernetes' `IfNotPresent`, `Never`, `Always`.
public enum ImagePullPolicy: String, Sendable, Hashable, CaseIterable {
    case missing
    case never
    case always
}

/// Everything one `docker run` / `podman run` needs, already resolved: the pure input of `arguments`.
/// Tarmac never uses the image's ENTRYPOINT: `command[0]` becomes `--entrypoint`, the rest its arguments.
public struct ContainerInvocation: Sendable, Hashable {
    /// One `--env NAME=VALUE`.
    public struct Variable: Sendable, Hashable {
        /// The variable's name.
        public var name: String
        /// Its value (visible on the engine's command line: not for secrets).
        public var value: String

        /// `name=value`.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Which CLI dialect (GPUs differ) and which client runs it.
    public var engine: ContainerEngineKind
    /// The container name (unique per run, task and attempt; used to remove it on cancellation).
    public var name: String
    /// Added as `--label tarmac.run=<runID>` so leftovers can be found.
    public var runID: String
    /// The image reference, normalized (`docker.io/library/...`).
    public var image: String
    /// The full command line inside the container: `command[0]` is the entrypoint.
    public var command: [String]
    /// Variables passed with their value on the command line, in order.
    public var environment: [Variable] = []
    /// Variables passed by name only (`--env NAME`): the value travels in the engine client's
    /// environment, never on a command line (secrets).
    public var hiddenEnvironment: [String: String] = [:]
    /// Bind mounts, in order.
    public var mounts: [ContainerMount] = []
    /// Fresh in-memory directories (`--tmpfs PATH[:size=BYTES]`).
    public var tmpfsMounts: [TmpfsMount] = []
    /// `--workdir`; nil keeps the image's.
    public var workingDirectory: String?
    /// `--cpus`, in CPUs (0.5 for "500m").
    public var cpus: Double?
    /// `--memory`, in bytes.
    public var memoryBytes: Int64?
    /// GPU indices handed to this task (empty: none).
    public var gpus: [Int] = []
    /// `--pull`.
    public var pull: ImagePullPolicy = .missing
    /// `--network NAME`; nil keeps the engine's default.
    public var network: String?
    /// `--user UID[:GID]`.
    public var user: String?
    /// `--shm-size`, in bytes.
    public var shmSizeBytes: Int64?
    /// `--rm`: the engine removes the container when it ends. Off by default for docker, whose containers
    /// `ContainerRunner` inspects and removes itself (podman's Docker API loses the exit code of `--rm` ones).
    public var autoRemove: Bool
    /// `securityContext.runAsNonRoot`: not an engine flag; `ContainerRunner` refuses to start a container
    /// that would run as root, as the kubelet does.
    public var requireNonRoot = false

    /// An invocation of `image` running `command` (see the properties for the rest).
    public init(engine: ContainerEngineKind, name: String, runID: String, image: String, command: [String]) {
        self.engine = engine
        self.name = name
        self.runID = runID
        self.image = image
        self.command = command
        self.autoRemove = engine == .podman
    }

    /// `run ...` (without the engine binary), in a fixed order.
    public var arguments: [String] {
        var args = ["run"] + (autoRemove ? ["--rm"] : []) + ["--name", name, "--label", "tarmac.run=\(runID)", "--pull", pull.rawValue]
        if let network { args += ["--network", network] }
        if let user { args += ["--user", user] }
        if let cpus { args += ["--cpus", Self.decimal(cpus)] }
        if let memoryBytes { args += ["--memory", "\(memoryBytes)b"] }
        if let shmSizeBytes { args += ["--shm-size", "\(shmSizeBytes)b"] }
        args += gpuArguments
        for mount in mounts { args += ["--mount", mount.mountOption] }
        for tmpfs in tmpfsMounts { args += ["--tmpfs", tmpfs.path + (tmpfs.sizeBytes.map { ":size=\($0)" } ?? "")] }
        for variable in environment { args += ["--env", variable.name + "=" + variable.value] }
        for name in hiddenEnvironment.keys.sorted() { args += ["--env", name] }
        if let workingDirectory { args += ["--workdir", workingDirectory] }
        args += ["--entrypoint", command.first ?? "", image]
        args += command.dropFirst()
        return args
    }

    /// Docker's `--gpus "device=0,1"`; podman's CDI devices `--device nvidia.com/gpu=N`.
    private var gpuArguments: [String] {
        guard !gpus.isEmpty else { return [] }
        switch engine {
        case .docker: return ["--gpus", "\"device=" + gpus.map(String.init).joined(separator: ",") + "\""]
        case .podman: return gpus.flatMap { ["--device", "nvidia.com/gpu=\($0)"] }
        }
    }

    /// `value` without a trailing `.0` ("2", "0.5").
    static func decimal(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// Docker's normal form of an image reference: `python:3.11-slim` → `docker.io/library/python:3.11-slim`.
    public static func normalizedImage(_ image: String) -> String {
        guard let slash = image.firstIndex(of: "/") else { return "docker.io/library/" + image }
        let first = image[..<slash]
        if first.contains(".") || first.contains(":") || first == "localhost" { return image }
        return "docker.io/" + image
    }

    /// A container name from free text, injectively (podman and docker refuse a second container of a name in use):
    /// `[A-Za-z0-9-]` stay, `/` becomes `_`, a loop index `[N]` at the end of a segment becomes `.N`. Text with any
    /// other character (`_`, `.`, a stray `]`, a space, non-ASCII, …) has each one replaced by `_` and `.h` + 10 hex
    /// digits of its SHA-256 appended: `tâsk` and `tésk` differ, and no plain name has `.` followed by a letter.
    public static func containerName(_ text: String) -> String {
        var result = ""
        var lossless = true
        for (position, segment) in text.split(separator: "/", omittingEmptySubsequences: false).enumerated() {
            if position > 0 { result.append("_") }
            var body = Substring(segment), index: Substring?
            if segment.hasSuffix("]"), let open = segment.lastIndex(of: "["),
               case let digits = segment[segment.index(after: open)..<segment.index(before: segment.endIndex)],
               !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                body = segment[..<open]
                index = digits
            }
            if body.isEmpty { lossless = false }
            for character in body {
                switch character {
                case "a"..."z", "A"..."Z", "0"..."9", "-": result.append(character)
                default:
                    result.append("_")
                    lossless = false
                }
            }
            if let index { result += "." + index }
        }
        return lossless ? result : result + ".h" + Digest.sha256(text).prefix(10)
    }
}
