import ArgumentParser
import Basics
import Engine
import Foundation
import Reporting
import PipelineIR
#if canImport(Glibc)
import Glibc
#endif

/// `tarmac shell RUN TASK [--command CMD]`: a shell in a task's directory with its environment, to rerun it by hand.
struct ShellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "Open a shell in a task's directory with the task's environment, to rerun its component by hand.",
        discussion: """
            The shell ($SHELL, else /bin/sh) starts in the task directory with the environment the task got (for a \
            Lightweight Python component, its virtual environment first on PATH). executor_input.json holds the task's \
            executor input and rerun.sh reruns the component exactly as Tarmac ran it, reading its executor input from \
            that file (edit it to try other inputs). A rerun writes its outputs into the run's task directory.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: RunReference.help) var runID: String
    @Argument(help: "A task instance name (e.g. train or for-loop-2[0]/add).") var task: String
    @Option(name: .customLong("command"), help: ArgumentHelp("Run CMD with /bin/sh -c instead of an interactive shell.", valueName: "CMD"))
    var command: String?

    func run() throws {
        let found = try TaskInvocationLookup.find(runID: runID, task: task, store: storeOptions.open())
        let directory = found.record.workingDirectory
        guard FileManager.default.fileExists(atPath: directory) else {
            throw IRError("the task directory is gone", at: .path(directory), hint: "its run's files were removed")
        }
        if let container = found.record.containerShell {
            try runInContainer(container, found: found)
            return
        }
        let inputText = found.record.executorInput.canonicalJSON
        try Data(inputText.utf8).write(to: URL(fileURLWithPath: directory + "/executor_input.json"), options: .atomic)
        let script = Self.rerunScript(found)
        try Data(script.utf8).write(to: URL(fileURLWithPath: directory + "/rerun.sh"), options: .atomic)
        chmod(directory + "/rerun.sh", 0o755)
        var notes = ["tarmac: shell for task '\(found.task.name)' of run \(found.run.id.prefix(8)) in \(directory)"]
        if let venv = found.record.environment["VIRTUAL_ENV"] { notes.append("  python: the task's virtual environment \(venv) is first on PATH") }
        notes.append("  executor input: executor_input.json")
        notes.append("  rerun the component: ./rerun.sh   (it writes this task's outputs again)")
        Console.error(notes.joined(separator: "\n"))
        let shell = ProcessInfo.processInfo.environment["SHELL"].flatMap { $0.isEmpty ? nil : $0 } ?? "/bin/sh"
        let argv = command.map { ["/bin/sh", "-c", $0] } ?? [shell]
        let code = try ShellLauncher.run(argv, environment: found.environment(), directory: directory)
        if code != 0 { throw ChildExit(status: code) }
    }

    /// A script that reruns the recorded argv in the task directory; an argument that is exactly the executor
    /// input is read from executor_input.json (byte for byte the same: it is written without a newline).
    static func rerunScript(_ found: TaskInvocationLookup) -> String {
        let inputText = found.record.executorInput.canonicalJSON
        let words = found.record.argv.map { $0 == inputText ? "\"$(cat executor_input.json)\"" : ShellQuoting.quote($0) }
        return """
            #!/bin/sh
            # Reruns task '\(found.task.name)' of run \(found.run.id) as Tarmac ran it (attempt \(found.record.attempt)).
            # Run it from `tarmac shell`, which sets the task's environment.
            cd \(ShellQuoting.quote(found.record.workingDirectory)) || exit 1
            exec \(words.joined(separator: " \\\n  "))

            """
    }

    /// A task that ran in a container: the same image, mounts, env and working directory, with `/bin/sh`
    /// (`-c CMD` for `--command`). The pipeline root is mounted at its own path, so the task directory,
    /// executor_input.json and rerun.sh are there too. Secret values are not recorded, so they are unset.
    private func runInContainer(_ container: InvocationRecord.ContainerShell, found: TaskInvocationLookup) throws {
        let directory = found.record.workingDirectory
        try Data(found.record.executorInput.canonicalJSON.utf8).write(to: URL(fileURLWithPath: directory + "/executor_input.json"),
                                                                     options: .atomic)
        try Data(Self.rerunScript(found).utf8).write(to: URL(fileURLWithPath: directory + "/rerun.sh"), options: .atomic)
        chmod(directory + "/rerun.sh", 0o755)
        Console.error("""
            tarmac: shell for task '\(found.task.name)' of run \(found.run.id.prefix(8)) in its container (\(container.engine), \(found.record.image ?? "its image"))
              directory: \(directory)   executor input: executor_input.json   rerun the component: ./rerun.sh
              secrets the task got from --secrets-dir are not recorded and are unset here
            """)
        var argv = [container.engine, "run", "-i"] + (isatty(0) == 1 ? ["-t"] : []) + container.arguments.dropFirst()
        if let command { argv += ["-c", command] }
        let code = try ShellLauncher.run(argv, environment: ProcessInfo.processInfo.environment, directory: directory)
        if code != 0 { throw ChildExit(status: code) }
    }
}
