import Basics
import Foundation
import Testing

// The --json documents of the commands that read runs, pinned by a golden of each one's shape (every
// field path with its JSON type), on two real runs of the shell example (the second one cached), plus
// the text forms that changed with them (runs list header, runs show one fact a line, runs diff exit
// status, logs --tail).

/// Every field path of `value` with its JSON type, one a line, sorted; array elements merge under `[]`, and
/// the members of maps keyed by user names (parameters, metadata, artifacts, environment, a task's outputs) merge under `*`.
func jsonShape(_ value: JSONValue) -> String {
    var lines = Set<String>()
    func isMap(_ path: String) -> Bool {
        let last = path.split(separator: ".").last.map(String.init) ?? ""
        return ["parameters", "metadata", "environment", "parameterValues", "artifacts"].contains(last) || path.hasSuffix("tasks[].outputs")
    }
    func walk(_ value: JSONValue, _ path: String) {
        switch value {
        case .object(let members):
            if members.isEmpty { lines.insert("\(path): {}") }
            for (key, member) in members { walk(member, path.isEmpty ? key : path + "." + (isMap(path) ? "*" : key)) }
        case .array(let items):
            if items.isEmpty { lines.insert("\(path): []") }
            for item in items { walk(item, path + "[]") }
        default:
            lines.insert("\(path): \(value.kindName)")
        }
    }
    walk(value, "")
    return lines.sorted().joined(separator: "\n") + "\n"
}

/// Two runs of examples/01-shell-components in one store, the second served from the cache.
actor ShellRuns {
    static let shared = ShellRuns()
    private var runs: Task<(String, PipelineRun, PipelineRun), Never>?

    /// (store, first run, second run).
    func get() async -> (String, PipelineRun, PipelineRun) {
        if let runs { return await runs.value }
        let task = Task {
            let store = isolatedStore("json-shapes")
            let pipeline = "examples/01-shell-components/pipeline.yaml"
            let first = await runPipeline(pipeline, ["--store", store, "--cache-mode", "read-write"])
            let second = await runPipeline(pipeline, ["--store", store, "--cache-mode", "read-write"])
            return (store, first, second)
        }
        runs = task
        return await task.value
    }
}

@Suite("JSON schemas of every command, and the text forms beside them")
struct JSONSchemaTests {
    /// The document `arguments` prints, after checking it exits with `code`.
    static func document(_ arguments: [String], code: Int32 = 0, sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let result = await tarmacOffThread(arguments)
        #expect(result.code == code, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        let document = try JSONValue.parse(result.stdout)
        #expect(document["schema_version"]?.numberValue == 1, "\(arguments)", sourceLocation: sourceLocation)
        return document
    }

    @Test("runs list, runs show, runs diff, cache stats, explain and run --json: golden shapes")
    func recordShapes() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let (store, first, second) = await ShellRuns.shared.get()
        #expect(first.code == 0, first.diagnostics)
        #expect(second.code == 0, second.diagnostics)
        try #require(Set(second.states.values) == ["CACHED", "SUCCEEDED"] || Set(second.states.values) == ["CACHED"], second.diagnostics)
        let task = try #require(second.tasks.first { $0.state == "CACHED" }?.name)
        let documents: [(String, [String], Int32)] = [
            ("runs-list", ["runs", "list", "--json"], 0),
            ("runs-show", ["runs", "show", "latest", "--json"], 0),
            ("runs-diff", ["runs", "diff", "-2", "-1", "--json"], 1),
            ("cache-stats", ["cache", "stats", "--json"], 0),
            ("explain", ["explain", "latest", task, "--json"], 0),
        ]
        for (name, arguments, code) in documents {
            let document = try await Self.document(arguments + ["--store", store], code: code)
            expectGolden(jsonShape(document), matches: "Tests/Fixtures/golden/json-schema-\(name).txt")
        }
        let inspected = try await Self.document(["inspect", first.runID, "shout", "--json", "--store", store])
        expectGolden(jsonShape(inspected), matches: "Tests/Fixtures/golden/json-schema-inspect.txt")
        let run = try JSONValue.parse(first.stdout)  // the first run executed its tasks, so attempt_times[] has entries
        #expect(run["tasks"]?.arrayValue?.contains { !($0["attempt_times"]?.arrayValue ?? []).isEmpty } == true, first.diagnostics)
        expectGolden(jsonShape(run), matches: "Tests/Fixtures/golden/json-schema-run.txt")
        #expect(run["schema_version"]?.numberValue == 1)

        let explained = try await Self.document(["explain", "latest", task, "--json", "--store", store])
        #expect(explained["cache_status"]?.stringValue == "hit")
        #expect(explained["cached_from"]?["run"]?.stringValue == first.runID, "\(explained.canonicalJSON)")
        let listed = try await Self.document(["runs", "list", "--json", "--store", store])
        #expect(listed["runs"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [second.runID, first.runID])
        let diff = try await Self.document(["runs", "diff", "-2", "-1", "--json", "--store", store], code: 1)
        #expect(diff["differs"]?.boolValue == true)
        #expect(diff["task_states"]?.arrayValue?.contains { $0["key"]?.stringValue == task && $0["after"]?.stringValue == "CACHED" } == true)
        let same = try await Self.document(["runs", "diff", "latest", "latest", "--json", "--store", store], code: 0)
        #expect(same["differs"]?.boolValue == false)
    }

    @Test("cache ingest/verify/prune/clear, store backup/repair, report and runs rm --json: golden shapes, results on stdout only")
    func maintenanceShapes() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let store = isolatedStore("json-maintenance")
        let run = await runPipeline("examples/01-shell-components/pipeline.yaml", ["--store", store, "--cache-mode", "read-write"])
        try #require(run.code == 0, run.diagnostics)
        let scratch = E2E.scratchDirectory("json-maintenance")
        try "weights\n".write(toFile: scratch + "/model.bin", atomically: true, encoding: .utf8)
        let documents: [(String, [String])] = [
            ("cache-ingest", ["cache", "ingest", scratch + "/model.bin"]),
            ("cache-verify", ["cache", "verify"]),
            ("store-backup", ["store", "backup", scratch + "/backup.sqlite"]),
            ("store-repair", ["store", "repair"]),
            ("report", ["report", "latest", "-o", scratch + "/report.html"]),
            ("cache-prune", ["cache", "prune", "--max-size", "0", "--grace", "0s"]),
            ("cache-clear", ["cache", "clear"]),
            ("runs-rm", ["runs", "rm", "latest"]),
        ]
        var seen: [String: JSONValue] = [:]
        for (name, arguments) in documents {
            let document = try await Self.document(arguments + ["--json", "--store", store])
            expectGolden(jsonShape(document), matches: "Tests/Fixtures/golden/json-schema-\(name).txt")
            seen[name] = document
        }
        #expect(seen["cache-ingest"]?["objects"]?.arrayValue?.first?["bytes"]?.numberValue == 8)
        #expect(seen["cache-verify"]?["sound"]?.boolValue == true && (seen["cache-verify"]?["checked_objects"]?.numberValue ?? 0) >= 1)
        #expect(seen["store-backup"]?["backup"]?.stringValue == scratch + "/backup.sqlite")
        #expect(seen["store-repair"]?["backup"]?.stringValue?.hasPrefix(store + "/backups/") == true)
        #expect(seen["report"]?["run_id"]?.stringValue == run.runID && seen["report"]?["file"]?.stringValue == scratch + "/report.html")
        #expect((seen["cache-prune"]?["removed_entries"]?.numberValue ?? 0) >= 1, "every entry is over a size of 0")
        #expect(seen["runs-rm"]?["removed"]?.arrayValue?.first?["id"]?.stringValue == run.runID)
        #expect(seen["runs-rm"]?["removed"]?.arrayValue?.first?["files"]?.stringValue == "removed")
    }

    @Test("plan --format json: golden shape, and the tasks of the ML example with their dependencies")
    func planShape() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let document = try await Self.document(["plan", "examples/03-ml-pipeline/pipeline.yaml", "--format", "json"])
        expectGolden(jsonShape(document), matches: "Tests/Fixtures/golden/json-schema-plan.txt")
        let tasks = document["tasks"]?.arrayValue ?? []
        let train = tasks.first { $0["key"]?.stringValue == "train" }
        #expect(train?["kind"]?.stringValue == "container", "\(document.canonicalJSON.prefix(400))")
        #expect(tasks.contains { $0["kind"]?.stringValue == "condition" && ($0["tasks"]?.arrayValue?.isEmpty == false) })
    }

    @Test("validate --json: every file with its errors and warnings as the text says them; exit 65 when one is invalid")
    func validateShape() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let cycle = "Tests/Fixtures/ir/invalid/012-dependency-cycle.yaml"
        let document = try await Self.document(["validate", "--json", "--cluster-compat", "examples/09-importer/pipeline.yaml", cycle], code: 65)
        expectGolden(jsonShape(document), matches: "Tests/Fixtures/golden/json-schema-validate.txt")
        #expect(document["valid"]?.boolValue == false)
        let files = document["files"]?.arrayValue ?? []
        #expect(files.count == 2)
        #expect(files.first?["valid"]?.boolValue == true && files.first?["pipeline"]?.stringValue != nil)
        #expect(files.first?["warnings"]?.arrayValue?.isEmpty == false, "09-importer has cluster-compat warnings")
        let error = files.last?["errors"]?.arrayValue?.first
        #expect(error?["message"]?.stringValue == "dependency cycle: createpvc → echo-2 → echo → createpvc")
        #expect(error?["at"]?.stringValue == "\(cycle):194:9: root.dag.tasks[\"createpvc\"].dependentTasks")
        #expect(error?["hint"]?.stringValue == "a task cannot depend, directly or through others, on itself")
        let text = await tarmacOffThread(["validate", cycle])
        #expect(text.stderr.contains("  at \(error?["at"]?.stringValue ?? "?")"), "the same location as the text form: \(text.stderr)")
    }

    @Test("runs list has a header; runs show prints parameters one per line; logs --tail and --json")
    func textForms() async throws {
        let (store, first, second) = await ShellRuns.shared.get()
        let listed = await tarmacOffThread(["runs", "list", "--store", store])
        let lines = listed.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("RUN       STATE        STARTED               DURATION  PIPELINE") == true, Comment(rawValue: listed.stdout))
        #expect(lines.count == 3 && lines[1].hasPrefix(second.runID.prefix(8)) && lines[2].hasPrefix(first.runID.prefix(8)))
        let shown = await tarmacOffThread(["runs", "show", first.runID, "--store", store])
        #expect(shown.code == 0)
        #expect(!shown.stdout.contains("parameters {"), "no JSON blob: \(shown.stdout)")
        #expect(shown.stdout.split(separator: "\n").allSatisfy { $0.count < 400 }, Comment(rawValue: shown.stdout))
        let task = try #require(first.tasks.first { $0.kind == "container" }?.name)
        let whole = await tarmacOffThread(["logs", first.runID, task, "--store", store])
        var body = whole.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
        if body.last == "" { body.removeLast() }
        try #require(!body.isEmpty, Comment(rawValue: whole.stdout))
        let tailed = await tarmacOffThread(["logs", first.runID, task, "--tail", "1", "--store", store])
        #expect(tailed.stdout.split(separator: "\n").dropFirst().first.map(String.init) == body.last.map(String.init), Comment(rawValue: tailed.stdout))
        let json = await tarmacOffThread(["logs", first.runID, task, "--json", "--store", store])
        let records = try json.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        #expect(records.count == body.count)
        expectGolden(jsonShape(records.first ?? .null), matches: "Tests/Fixtures/golden/json-schema-logs.txt")
        #expect(records.last?["line"]?.stringValue == body.last.map(String.init))
    }

    @Test("logs --follow prints a running task's lines as they come and returns when it ends",
          .enabled(if: E2E.compilerTestsEnabled, "needs the KFP compiler"))
    func follow() async throws {
        let yaml = try await FixturePipelines.shared.yaml("ticker")
        let store = isolatedStore("follow")
        let gate = E2E.scratchDirectory("follow-gate") + "/open"
        let running = Task { await runPipeline(yaml, ["--store", store, "--param", "gate=\(gate)"]) }
        // Wait until the task has written its first two lines (it then waits for the gate).
        var started = false
        for _ in 0..<300 where !started {
            let logs = await tarmacOffThread(["logs", "latest", "ticker", "--store", store])
            started = logs.stdout.contains("tick 2")
            if !started { try await Task.sleep(nanoseconds: 100_000_000) }
        }
        try #require(started, "the task never wrote its first lines")
        let following = Task { await tarmacOffThread(["logs", "latest", "ticker", "--follow", "--store", store]) }
        try await Task.sleep(nanoseconds: 1_000_000_000)
        let runState = await tarmacOffThread(["runs", "show", "latest", "--json", "--store", store])
        #expect(try JSONValue.parse(runState.stdout)["run"]?["state"]?.stringValue == "RUNNING", "still running when following")
        #expect(FileManager.default.createFile(atPath: gate, contents: Data()))
        let followed = await following.value
        let run = await running.value
        #expect(run.code == 0, run.diagnostics)
        #expect(followed.code == 0, Comment(rawValue: followed.stderr))
        #expect(followed.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("tick") } == ["tick 1", "tick 2", "tick 3"],
                Comment(rawValue: followed.stdout))
    }
}
