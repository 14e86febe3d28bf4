import ArgumentParser
import Basics
import Engine
import Foundation
import PipelineIR
import RunDatabase

/// `tarmac logs RUN [TASK] [--tail N] [--follow] [--json]`
struct LogsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Print the logs of a run's tasks.")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: RunReference.help) var runID: String
    @Argument(help: "A task instance name (e.g. train or for-loop-2[0]/add); all tasks when omitted.") var task: String?
    @Option(help: ArgumentHelp("Only the last N lines of each log.", valueName: "N")) var tail: Int?
    @Flag(name: .shortAndLong, help: "Keep printing what running tasks write until they end.") var follow = false
    @Flag(help: "Print one JSON object a line (task, attempt, log file, line), as in docs/json-schemas.md.") var json = false

    func validate() throws {
        if let tail, tail < 0 { throw ValidationError("--tail must be 0 or more") }
    }

    func run() throws {
        let store = try storeOptions.open()
        let record = try RunReference.resolve(runID, in: store)
        let tasks = try selectedTasks(store: store, run: record)
        let printer = LogPrinter(json: json, tail: tail)
        if follow {
            try LogFollower(store: store, run: record, task: task, printer: printer).follow()
            return
        }
        var missing: [LogReader.Missing] = []
        for task in tasks {
            for (attempt, path) in LogFiles.paths(of: task, run: record).enumerated() {
                if let gone = printer.printWhole(task: task.name, attempt: attempt, path: path) { missing.append(gone) }
            }
        }
        if let error = LogReader.error(for: missing, runID: record.id) { throw error }
    }

    /// The tasks named on the command line (all of them without TASK); an unknown name is exit 65.
    func selectedTasks(store: RunStore, run: RunRecord) throws -> [TaskRecord] {
        let all = try store.tasks(runID: run.id)
        let tasks = all.filter { task == nil || $0.name == task }
        if let task, tasks.isEmpty {
            throw IRError("run \(run.id.prefix(8)) has no task '\(task)'", at: .option(task),
                          hint: TaskInvocationLookup.unknownTaskHint(task, among: all.map(\.name)))
        }
        return tasks
    }
}

/// Where a task's logs are: the attempts the store recorded, and (while it runs) the attempt logs on disk.
enum LogFiles {
    static func paths(of task: TaskRecord, run: RunRecord) -> [String] {
        var paths: [String] = []
        if case .array(let logs)? = try? JSONValue.parse(task.logsJSON) {
            for case .string(let path) in logs { paths.append(path) }
        }
        let directory = RunLayout.taskDirectory(
            runDirectory: RunLayout.runDirectory(pipelineRoot: run.pipelineRoot, pipeline: run.pipelineName, runID: run.id), task: task.name)
        var attempt = 0
        while attempt < 1000 {
            let path = RunLayout.attemptLog(taskDirectory: directory, attempt: attempt)
            guard FileManager.default.fileExists(atPath: path) else { break }
            if !paths.contains(path) { paths.append(path) }
            attempt += 1
        }
        return paths
    }
}

/// Prints log text as `==> task (file) <==` sections, or as JSON lines.
struct LogPrinter {
    let json: Bool
    let tail: Int?
    /// Whether text goes to a terminal (then task-written escapes are neutralised, ``TerminalText``); asked once.
    private let terminal: Bool

    init(json: Bool, tail: Int?) {
        self.json = json
        self.tail = tail
        terminal = !json && isatty(STDOUT_FILENO) == 1
    }

    /// A whole log (its last `tail` lines when set); a log that cannot be read is returned, to be reported after the others.
    func printWhole(task: String, attempt: Int, path: String) -> LogReader.Missing? {
        let text: String
        switch LogReader.read(path, task: task, terminal: terminal) {
        case .text(let read): text = read
        case .missing(let gone):
            if json { line(task: task, attempt: attempt, path: path, text: nil) }
            return gone
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        if let tail { lines = Array(lines.suffix(tail)) }
        if json {
            for text in lines { line(task: task, attempt: attempt, path: path, text: text) }
        } else {
            Console.out("==> \(task) (\(name(path))) <==\n" + lines.map { $0 + "\n" }.joined())
        }
        return nil
    }

    /// New complete lines of a followed log.
    func printLines(_ lines: [String], task: String, attempt: Int, path: String, prefixed: Bool) {
        for text in lines.map({ terminal ? TerminalText.sanitize($0) : $0 }) {
            if json { line(task: task, attempt: attempt, path: path, text: text) } else { Console.out(prefixed ? "\(task) | \(text)" : text) }
        }
    }

    /// One JSON line; `text` nil means the log file is missing.
    private func line(task: String, attempt: Int, path: String, text: String?) {
        var members: [String: JSONValue] = ["schema_version": .number(Double(RecordJSON.schemaVersion)), "task": .string(task),
                                            "attempt": .number(Double(attempt)), "log": .string(path)]
        if let text { members["line"] = .string(text) } else { members["missing"] = .bool(true) }
        Console.out(JSONValue.object(members).canonicalJSON)
    }

    private func name(_ path: String) -> String { (path as NSString).lastPathComponent }
}
