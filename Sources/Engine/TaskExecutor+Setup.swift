import Basics
import Foundation
import Planner
import Runners

/// What every attempt of one container task shares, made once by `TaskExecutor.setUp`.
struct PreparedExecution {
    let invocation: TaskInvocation
    /// The command line (on the host without its pip step).
    let argv: [String]
    let environment: [String: String]
    /// The container it runs in; nil on the host.
    let container: ContainerInvocation?
    /// The derived image it runs in (`TaskExecutor+DerivedImage`), whose use is recorded when it succeeds.
    let derivedImage: DerivedImage?
}

extension TaskExecutor {
    /// Makes the task's directories, container (and derived image) and environment, once it will really execute.
    func setUp(_ request: TaskRequest, invocation: TaskInvocation, argv compiled: [String]) throws -> PreparedExecution {
        var argv = compiled
        try prepareDirectories(invocation)
        let secrets = try secretEnvironment(request.platform)
        var container = try containerInvocation(request, invocation: invocation, argv: argv, secrets: secrets)
        var derivedImage: DerivedImage?
        if var derived = container, let image = try useDerivedImage(request, container: &derived, argv: &argv, secrets: secrets) {
            container = derived
            derivedImage = image
        }
        let names = request.container.env.map(\.name) + request.platform.environment.map(\.envVar)
        if let warning = EnvironmentNames.warning(task: request.name, command: argv, names: names, inContainer: container != nil) {
            context.warnOnce(warning)
        }
        let environment = try processEnvironment(request, argv: &argv, secrets: secrets, inContainer: container != nil)
        return PreparedExecution(invocation: invocation, argv: argv, environment: environment, container: container,
                                 derivedImage: derivedImage)
    }

    /// The environment of the task's process: on the host with its venv, `--env` and secrets (in a container a
    /// Lightweight Python component installs its packages itself), then the run's and the component's variables.
    private func processEnvironment(_ request: TaskRequest, argv: inout [String], secrets: [String: String],
                                    inContainer: Bool) throws -> [String: String] {
        var environment = context.options.inputs.environment
        if !inContainer {
            if let python = try pythonEnvironment(request, argv: &argv) {
                environment["PATH"] = python.binDirectory + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
                environment["VIRTUAL_ENV"] = python.root
            }
            for variable in context.options.placement.containers.environment { environment[variable.name] = variable.value }
            environment.merge(secrets) { _, secret in secret }
        }
        environment["TMPDIR"] = context.temporaryDirectory()  // keeps the SDK's `mktemp -d` files inside the run's directory
        environment[RunRecovery.runVariable] = context.runID  // lets a later tarmac find this process if we are killed
        for variable in request.container.env { environment[variable.name] = variable.value }
        return environment
    }

    /// For a Lightweight Python component: the content-addressed venv with its packages, and the
    /// command without its pip step (the venv already has what it installs).
    private func pythonEnvironment(_ request: TaskRequest, argv: inout [String]) throws -> PythonEnvironment? {
        guard let python = LightweightPythonCommand.parse(command: request.container.command, args: request.container.args) else {
            return nil
        }
        let environment = try context.environments.environment(for: python.installSteps,
                                                               log: RunLayout.environmentLog(taskDirectory: request.taskDirectory))
        let dropped = request.container.command.count + request.container.args.count - python.programArgv.count
        if dropped > 0, dropped < argv.count { argv = Array(argv.dropFirst(dropped)) }
        return environment
    }

    private func prepareDirectories(_ invocation: TaskInvocation) throws {
        var made: Set<String> = []
        for directory in [invocation.layout.taskDirectory] + invocation.outputDirectories
        where made.insert(directory).inserted {
            try Self.makeDirectory(directory)
        }
    }

    /// `mkdir -p`: one `mkdir` call when the parent exists (the usual case: a run creates thousands
    /// of task directories), one `stat` when the directory exists already (`DirectoryPrefetch` made it),
    /// the parent first and one retry when it is missing (each loop iteration's `for-loop-2.N/echo`:
    /// the profile of the 100k ParallelFor had FileManager's walk at 12.9 % of Tarmac's CPU),
    /// FileManager for another file in the way or any other error, so its message reaches the user.
    static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o777) == 0 { return }
        var status = stat()
        if errno == EEXIST, lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR { return }
        if errno == ENOENT, let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            let parent = String(path[..<slash])
            if (try? makeDirectory(parent)) != nil, mkdir(path, 0o777) == 0 { return }
        }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
}
