import Basics
import Foundation
import Planner
import Runners

extension TaskExecutor {
    /// `TARMAC_DERIVED_IMAGES=0` runs every Lightweight Python component in a container as compiled (its install step
    /// on every execution, as the cluster does).
    static let derivedImagesVariable = "TARMAC_DERIVED_IMAGES"

    /// For a Lightweight Python component in a container: its base image with the install step done once
    /// (`DerivedImageStore`), and the command without it — `sh -ec <program> <source> args…`, what the KFP install
    /// script hands over to with `"$0" "$@"`. Nil (the task runs as compiled) when opted out, for a command that is no
    /// plain KFP install-then-run (a venv, an `export`, no install step), for a task with its own user (the install
    /// would run as that user), or when the base image cannot be found (the engine then says why). Podman only: the
    /// docker CLI's `commit` fails against podman's Docker API ("Decode(): EOF", podman 4.3), the only docker here,
    /// so the docker runner keeps the compiled command until a real Docker engine can test it.
    func useDerivedImage(_ request: TaskRequest, container: inout ContainerInvocation, argv: inout [String],
                         secrets: [String: String]) throws -> DerivedImage? {
        guard context.options.inputs.environment[Self.derivedImagesVariable] != "0", request.platform.user == nil,
              case .container(let engine, let executable) = request.runner, engine == .podman,
              let python = LightweightPythonCommand.parse(command: request.container.command, args: request.container.args),
              !python.installSteps.isEmpty, !python.usesVenv, argv.count > 3, argv[0] == "sh", argv[1] == "-c",
              !argv[2].contains("export ") else { return nil }
        let dropped = request.container.command.count + request.container.args.count - python.programArgv.count
        guard dropped == 3, dropped < argv.count else { return nil }
        let options = context.options.placement.containers
        var derived = DerivedImageRequest(engine: engine, executable: executable, baseImage: container.image, pull: container.pull,
                                          installScript: argv[2], runID: context.runID,
                                          log: RunLayout.environmentLog(taskDirectory: request.taskDirectory),
                                          clientEnvironment: context.options.inputs.environment)
        for variable in options.environment { derived.variables[variable.name] = variable.value }
        derived.variables.merge(options.passedEnvironment) { _, passed in passed }
        for variable in request.container.env { derived.variables[variable.name] = variable.value }
        derived.variables.merge(secrets) { _, secret in secret }
        derived.mounts = options.mounts
        derived.network = options.network
        guard let image = try context.derivedImages.image(for: derived) else { return nil }
        argv = Array(argv.dropFirst(dropped))
        container.command = argv
        container.image = image.tag
        container.pull = .never  // a local tag: nothing to pull
        return image
    }

    /// After a success in a derived image: its cache entry, if one was written, keeps the image from `cache prune`.
    func recordDerivedImageUse(_ image: DerivedImage, outcome: TaskOutcome) {
        guard let cache = context.cache, cache.mode.writes, let key = outcome.cache.key else { return }
        context.derivedImages.recordEntry(context.spec.name + "/" + key.key, image: image.key)
    }
}
