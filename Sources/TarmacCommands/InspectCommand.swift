import ArgumentParser
import Basics
import Engine
import Foundation
import Reporting
import PipelineIR

/// `tarmac inspect RUN TASK`: what one task was launched with.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show the exact command, environment and executor input a task of a past run got.",
        discussion: "The environment lists only what the task got beyond the environment of the `tarmac run` that ran it; "
            + "values of variables named like secrets (TOKEN, PASSWORD, SECRET, ...) are masked."
    )

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: RunReference.help) var runID: String
    @Argument(help: "A task instance name (e.g. train or for-loop-2[0]/add).") var task: String
    @Flag(help: "Print the launch record as JSON (secrets masked).") var json = false

    func run() throws {
        let found = try TaskInvocationLookup.find(runID: runID, task: task, store: storeOptions.open())
        let record = found.record
        let environment = Self.maskedEnvironment(record)
        if json {
            var masked = record
            masked.environment = environment
            Console.out(RecordJSON.document(masked.json.objectValue ?? [:]))  // the launch record, plus its schema version
            return
        }
        Console.out(Self.text(found, environment: environment))
    }

    /// The environment a task got, with the values of secret-looking variables masked.
    static func maskedEnvironment(_ record: InvocationRecord) -> [String: String] {
        Dictionary(uniqueKeysWithValues: record.environment.map { name, value in
            (name, TaskInvocationLookup.isSecret(name) ? "****" : value)
        })
    }

    /// The text `tarmac inspect` prints (also the Run page's "command" panel in `tarmac ui`); `environment` is masked.
    static func text(_ found: TaskInvocationLookup, environment: [String: String]) -> String {
        let record = found.record
        var lines = [
            "task: \(found.task.name) (\(found.task.state)\(found.task.exitCode.map { ", exit code \($0)" } ?? ""), "
                + "attempt \(record.attempt + 1) of \(max(found.task.attempts, record.attempt + 1)))",
            "run: \(found.run.id) (pipeline \(found.run.pipelineName))",
            "directory: \(found.taskDirectory)",
            "log: \(record.logFile)",
        ]
        if let image = record.image { lines.append("image: \(image)") }
        lines.append("command:")
        lines.append("  " + ShellQuoting.join(record.argv))
        lines.append("environment (beyond the caller's):")
        lines += environment.keys.sorted().map { "  \($0)=\(environment[$0]!)" }
        lines.append("executor input:")
        lines.append(PrettyJSON.render(record.executorInput))
        return lines.joined(separator: "\n")
    }
}
