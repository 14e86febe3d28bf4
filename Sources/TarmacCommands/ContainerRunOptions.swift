import ArgumentParser
import Engine
import Foundation
import Runners

/// `tarmac run`'s runner options: where tasks run (host or container engine) and what containers get.
struct ContainerRunOptions: ParsableArguments {
    @Option(name: .customLong("runner"), help: ArgumentHelp(
        "auto (a working podman or docker, else the host), podman, docker or subprocess (default: auto).", valueName: "RUNNER"))
    var runner: String?

    @Option(name: .customLong("runner-for"), help: ArgumentHelp("The runner of one task (repeatable).", valueName: "TASK=RUNNER"))
    var runnerFor: [String] = []

    @Option(name: .customLong("mount"), help: ArgumentHelp("An extra bind mount for every container (repeatable).", valueName: "HOST:CONTAINER[:ro]"))
    var mounts: [String] = []

    @Option(name: .customLong("env"), help: ArgumentHelp("An extra environment variable for every task (repeatable).", valueName: "NAME=VALUE"))
    var environment: [String] = []

    @Option(name: .customLong("network"), help: ArgumentHelp("The containers' network (default: the engine's).", valueName: "NAME"))
    var network: String?

    @Option(name: .customLong("pull"), help: ArgumentHelp("missing, never or always; overrides the tasks' image pull policy.", valueName: "POLICY"))
    var pull: String?

    @Option(name: .customLong("secrets-dir"), help: ArgumentHelp("Secrets and config maps: key KEY of NAME is the file DIR/NAME/KEY.", valueName: "DIR"))
    var secretsDirectory: String?

    @Option(name: .customLong("volume"), help: ArgumentHelp("Use DIR as PVC NAME (default: <store>/volumes/NAME) (repeatable).", valueName: "NAME=DIR"))
    var volumes: [String] = []

    @Flag(name: .customLong("inherit-proxy"), help: ArgumentHelp(
        "Give containers this machine's proxy and CA settings: its PIP_CERT, SSL_CERT_FILE, REQUESTS_CA_BUNDLE and"
        + " HTTP(S)_PROXY/NO_PROXY variables (either case), and the CA bundle files they name, mounted read-only."))
    var inheritProxy = false

    @Option(name: .customLong("gpus"), help: ArgumentHelp("GPUs for accelerator limits (default: the /dev/nvidiaN devices).", valueName: "N"))
    var gpus: Int?

    /// The task runner of the run and the container settings for `RunOptions`; probes engines as needed.
    func makeRunner(lineHandler: @escaping @Sendable (String) -> Void, notice: (String) -> Void) throws -> (TaskRunner, ContainerOptions) {
        let hostEnvironment = ProcessInfo.processInfo.environment
        var engines: [ContainerEngineKind: String] = [:]
        let defaultRunner = try Self.choice(runner ?? "auto", option: "--runner", environment: hostEnvironment, engines: &engines, notice: notice)
        var runnerPerTask: [String: RunnerChoice] = [:]
        for entry in runnerFor {
            let (task, name) = try Self.pair(entry, option: "--runner-for", shape: "TASK=RUNNER")
            runnerPerTask[task] = try Self.choice(name, option: "--runner-for \(task)", environment: hostEnvironment,
                                                  engines: &engines, notice: notice)
        }
        var mounts = try self.mounts.map { text in
            guard let mount = ContainerMount.parse(text) else {
                throw UsageError("--mount expects HOST:CONTAINER[:ro] with an absolute CONTAINER path, got '\(text)'")
            }
            return ContainerMount(hostPath: absolute(mount.hostPath), containerPath: mount.containerPath, readOnly: mount.readOnly)
        }
        let environment = try variables(self.environment)
        let passedEnvironment = inheritProxy ? inheritedProxy(into: &mounts, hostEnvironment: hostEnvironment, notice: notice) : [:]
        var pullPolicy: ImagePullPolicy?
        if let pull {
            guard let policy = ImagePullPolicy(rawValue: pull) else { throw UsageError("--pull expects missing, never or always, got '\(pull)'") }
            pullPolicy = policy
        }
        if let gpus, gpus < 0 { throw UsageError("--gpus must be 0 or more") }
        var volumes: [String: String] = [:]
        for entry in self.volumes {
            let (name, directory) = try Self.pair(entry, option: "--volume", shape: "NAME=DIR")
            volumes[name] = absolute(directory)
        }
        let options = ContainerOptions(defaultRunner: defaultRunner, runnerPerTask: runnerPerTask, mounts: mounts, environment: environment,
                                       passedEnvironment: passedEnvironment, network: network, pull: pullPolicy,
                                       secretsDirectory: secretsDirectory.map(absolute), volumes: volumes, gpuCount: gpus)
        let runner: TaskRunner = engines.isEmpty ? SubprocessRunner(lineHandler: lineHandler)
            : ContainerRunner(engines: engines, lineHandler: lineHandler)
        return (runner, options)
    }

    /// `--inherit-proxy`: the host's proxy and CA variables passed by name, their CA files added to `mounts` read-only.
    private func inheritedProxy(into mounts: inout [ContainerMount], hostEnvironment: [String: String],
                                notice: (String) -> Void) -> [String: String] {
        let inherited = ContainerProxy.inherited(from: hostEnvironment)
        if inherited.variables.isEmpty {
            notice("tarmac: notice: --inherit-proxy: none of "
                   + (ContainerProxy.caVariables + ContainerProxy.proxyVariables).joined(separator: ", ") + " is set here")
        }
        let given = mounts
        mounts += inherited.mounts.filter { mount in !given.contains { $0.containerPath == mount.containerPath } }
        return inherited.variables
    }

    private func variables(_ entries: [String]) throws -> [ContainerInvocation.Variable] {
        try entries.map { entry in
            let (name, value) = try Self.pair(entry, option: "--env", shape: "NAME=VALUE")
            return ContainerInvocation.Variable(name, value)
        }
    }

    private static func choice(_ name: String, option: String, environment: [String: String],
                               engines: inout [ContainerEngineKind: String], notice: (String) -> Void) throws -> RunnerChoice {
        switch name {
        case "subprocess": return .subprocess
        case "auto":
            let found = ContainerEngine.detect(environment: environment)
            guard let (kind, executable) = found.engine else {
                notice("tarmac: notice: no working container engine (\(found.reasons.joined(separator: "; "))): "
                       + "every task runs as a subprocess on this machine, without its image")
                return .subprocess
            }
            engines[kind] = executable
            return .container(kind, executable: executable)
        default:
            guard let kind = ContainerEngineKind(rawValue: name) else {
                throw UsageError("\(option) expects auto, podman, docker or subprocess, got '\(name)'")
            }
            switch ContainerEngine.probe(kind, environment: environment) {
            case .success(let executable):
                engines[kind] = executable
                return .container(kind, executable: executable)
            case .failure(let failure):
                throw UsageError("\(option) \(name): \(failure.message)",
                                 hint: "install and configure it (scripts/install-podman), or use --runner subprocess")
            }
        }
    }

    private static func pair(_ text: String, option: String, shape: String) throws -> (String, String) {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            throw UsageError("\(option) expects \(shape), got '\(text)'")
        }
        return (String(text[..<eq]), String(text[text.index(after: eq)...]))
    }
}
