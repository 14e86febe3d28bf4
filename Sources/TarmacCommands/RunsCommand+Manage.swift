import ArgumentParser
import Basics
import Engine
import Foundation
import Reporting
import RunDatabase

extension RunsCommand {
    /// `tarmac runs diff RUN1 RUN2`
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare two runs: parameters, metrics, and the tasks whose state or outputs changed.",
            discussion: "Exit status 0 when the runs agree on all of these, 1 when anything differs (as diff(1) does).")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: RunReference.help("The earlier run")) var first: String
        @Argument(help: RunReference.help("The later run")) var second: String
        @Flag(help: "Print one JSON document (schema in docs/json-schemas.md) instead of text.") var json = false

        func run() throws {
            let store = try storeOptions.open()
            let before = try RecordedRun.load(id: RunReference.resolve(first, in: store).id, from: store)
            let after = try RecordedRun.load(id: RunReference.resolve(second, in: store).id, from: store)
            let diff = RunDiff(before, after)
            if json {
                let changes = { (list: [RunDiff.Change]) in
                    JSONValue.array(list.map { .object(["key": .string($0.key), "before": RecordJSON.optional($0.before),
                                                        "after": RecordJSON.optional($0.after)]) })
                }
                Console.out(RecordJSON.document([
                    "before": RecordJSON.run(before.run), "after": RecordJSON.run(after.run), "differs": .bool(!diff.isEmpty),
                    "parameters": changes(diff.parameters), "metrics": changes(diff.metrics),
                    "task_states": changes(diff.taskStates), "task_outputs": changes(diff.taskOutputs),
                ]))
            } else {
                Console.out(diff.render(before.run, after.run))
            }
            if !diff.isEmpty { throw CommandExit(code: .taskFailed) }
        }
    }

    /// `tarmac runs rm RUN...`
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm", abstract: "Delete runs: their records, and their artifact directory under the pipeline root.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: RunReference.help("The runs")) var runIDs: [String]
        @Flag(help: "Print one JSON document (docs/json-schemas.md) instead of text.") var json = false

        func validate() throws {
            guard !runIDs.isEmpty else { throw ValidationError("name at least one run") }
        }

        func run() throws {
            let store = try storeOptions.open()
            let runs = try runIDs.map { try RunReference.resolve($0, in: store) }
            for run in runs {
                // Alive while its run lock is held: a pid alone says nothing from another PID namespace.
                if run.state == .running, RunLock.isAlive(databasePath: store.path, runID: run.id, pid: run.pid) {
                    throw UsageError("run \(run.id.prefix(8)) is still running (process \(run.pid.map(String.init) ?? "?") holds its lock)",
                                     hint: "stop it first")
                }
            }
            var removed: [JSONValue] = []
            for run in runs {
                let (line, member) = try remove(run, store: store)
                if json { removed.append(member) } else { Console.out(line) }
            }
            if json { Console.out(RecordJSON.document(["removed": .array(removed)])) }
        }

        /// Deletes `run`; returns the text line and the `--json` member saying what became of its files.
        private func remove(_ run: RunRecord, store: RunStore) throws -> (String, JSONValue) {
            try store.deleteRun(id: run.id)
            RunLock.remove(databasePath: store.path, runID: run.id)
            var line = "removed run \(run.id.prefix(8)) (\(run.pipelineName))"
            var directory: JSONValue = .null, files = "absent", note: JSONValue = .null
            switch RunDirectory.locate(run) {
            case .safe(let path):
                directory = .string(path)
                let shared = try store.artifactsOfOtherRuns(under: path, excluding: run.id)
                if let user = shared.first {
                    line += "; kept \(path): run \(user.runID.prefix(8)) uses its artifacts"
                    (files, note) = ("kept", JSONValue.string("run \(user.runID) uses its artifacts"))
                } else if FileManager.default.fileExists(atPath: path) {
                    do {
                        try FileManager.default.removeItem(atPath: path)
                        line += " and \(path)"
                        files = "removed"
                    } catch {
                        line += "; could not remove \(path): \(error.localizedDescription)"
                        (files, note) = ("failed", JSONValue.string(error.localizedDescription))
                    }
                }
            case .refused(let why):
                line += "; left its files alone: \(why)"
                (files, note) = ("refused", JSONValue.string(why))
            }
            return (line, .object(["id": .string(run.id), "pipeline": .string(run.pipelineName), "directory": directory,
                                   "files": .string(files), "note": note]))
        }
    }
}

/// Where a run's files are: `<pipeline root>/<pipeline name>/<run id>`, and whether deleting it is safe.
enum RunDirectory {
    enum Verdict: Equatable {
        case safe(String)
        case refused(String)
    }

    /// Safe only when the pipeline name and run id are plain names, the directory is a real directory
    /// (not a link), and its real path lies strictly inside the real pipeline root.
    static func locate(_ run: RunRecord) -> Verdict {
        let plain = { (name: String) in !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\0") }
        guard run.pipelineRoot.hasPrefix("/"), plain(run.pipelineName), plain(run.id) else {
            return .refused("unexpected pipeline root, pipeline name or run id")
        }
        let root = (run.pipelineRoot as NSString).standardizingPath
        let directory = "\(root)/\(run.pipelineName)/\(run.id)"
        var status = stat()
        guard lstat(directory, &status) == 0 else { return .safe(directory) }  // nothing on disk: nothing to remove
        guard (status.st_mode & mode_t(S_IFMT)) == mode_t(S_IFDIR) else { return .refused("\(directory) is not a plain directory") }
        let realRoot = (root as NSString).resolvingSymlinksInPath, realDirectory = (directory as NSString).resolvingSymlinksInPath
        guard realDirectory.hasPrefix(realRoot + "/"), realDirectory != realRoot else {
            return .refused("\(directory) resolves outside the pipeline root \(root)")
        }
        return .safe(directory)
    }
}
