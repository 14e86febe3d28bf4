import Basics
import Foundation
import RunDatabase
import Testing

// Run references (`latest`, `-N`, unique prefixes) and the exit code of an unknown run or task, the same
// in every command. The store is a real SQLite file with runs whose ids the test chooses (so a prefix is
// ambiguous for sure).

@Suite("Run references: latest, -N, prefixes; unknown run or task = exit 65 everywhere")
struct RunReferenceTests {
    static let ids = ["aaaa1111-0000-4000-8000-000000000001", "aaaa2222-0000-4000-8000-000000000002",
                      "bbbb3333-0000-4000-8000-000000000003"]

    /// A store holding the three runs above, oldest first, each with one finished task `work`.
    static func store() throws -> String {
        let directory = NSTemporaryDirectory() + "tarmac-refs-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let database = try RunStore(path: directory + "/tarmac.sqlite")
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        for (index, id) in ids.enumerated() {
            let started = start.addingTimeInterval(Double(index) * 60)
            try database.insertRun(RunRecord(id: id, pipelineName: "demo", pipelineFile: "/nonexistent/demo.yaml", state: .succeeded,
                                             parametersJSON: "{\"n\":\(index)}", pipelineRoot: directory + "/artifacts", started: started,
                                             finished: started.addingTimeInterval(2), outputsJSON: "{}", pid: nil))
            try database.upsertTask(TaskRecord(runID: id, name: "work", displayName: "work", state: .succeeded, componentName: "comp-work",
                                               exitCode: 0, attempts: 1, started: started, finished: started.addingTimeInterval(1),
                                               outputsJSON: "{}", cacheStatus: .off))
        }
        return directory
    }

    /// The run id `runs show REFERENCE --json` names.
    static func shownID(_ reference: String, store: String) throws -> String? {
        let shown = tarmac("runs", "show", reference, "--json", "--store", store)
        guard shown.code == 0 else { return nil }
        return try JSONValue.parse(shown.stdout)["run"]?["id"]?.stringValue
    }

    @Test("latest, -1, -2, -3, a unique prefix and a full id name the right runs")
    func resolves() throws {
        let store = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: store) }
        #expect(try Self.shownID("latest", store: store) == Self.ids[2])
        #expect(try Self.shownID("-1", store: store) == Self.ids[2])
        #expect(try Self.shownID("-2", store: store) == Self.ids[1])
        #expect(try Self.shownID("-3", store: store) == Self.ids[0])
        #expect(try Self.shownID("aaaa2", store: store) == Self.ids[1])
        #expect(try Self.shownID("b", store: store) == Self.ids[2])
        #expect(try Self.shownID(Self.ids[0], store: store) == Self.ids[0])
        let diff = tarmac("runs", "diff", "-2", "latest", "--store", store)
        #expect(diff.stdout.hasPrefix("--- \(Self.ids[1])") && diff.stdout.contains("+++ \(Self.ids[2])"), Comment(rawValue: diff.stdout + diff.stderr))
        #expect(diff.code == 1, "the parameter differs")
    }

    @Test("an ambiguous prefix lists the candidates; -4 in a store of 3 runs and an unknown id are exit 65")
    func errors() throws {
        let store = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: store) }
        let ambiguous = tarmac("runs", "show", "aaaa", "--store", store)
        #expect(ambiguous.code == 65)
        #expect(ambiguous.stderr.hasPrefix("tarmac: error: run id 'aaaa' is ambiguous"), Comment(rawValue: ambiguous.stderr))
        #expect(ambiguous.stderr.contains(Self.ids[0]) && ambiguous.stderr.contains(Self.ids[1]) && !ambiguous.stderr.contains(Self.ids[2]))
        let pastTheEnd = tarmac("logs", "-4", "--store", store)
        #expect(pastTheEnd.code == 65)
        #expect(pastTheEnd.stderr.hasPrefix("tarmac: error: no run '-4' in \(store)/tarmac.sqlite: the store holds 3 runs"),
                Comment(rawValue: pastTheEnd.stderr))
        let empty = NSTemporaryDirectory() + "tarmac-refs-empty-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let none = tarmac("report", "latest", "--store", empty)
        #expect(none.code == 65 && none.stderr.contains("hint: run a pipeline first"), Comment(rawValue: none.stderr))
    }

    @Test("every command that names a run: an unknown run is exit 65 with the same error")
    func unknownRunEverywhere() throws {
        let store = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: store) }
        let commands: [[String]] = [
            ["runs", "show", "nosuch"], ["runs", "diff", "nosuch", "latest"], ["runs", "rm", "nosuch"], ["logs", "nosuch"],
            ["report", "nosuch", "-o", store + "/r.html"], ["explain", "nosuch", "work"], ["inspect", "nosuch", "work"],
            ["shell", "nosuch", "work", "--command", "true"],
        ]
        for command in commands {
            let result = tarmac(command + ["--store", store])
            #expect(result.code == 65, "\(command): \(result.code) \(result.stderr)")
            #expect(result.stderr.hasPrefix("tarmac: error: no run 'nosuch' in \(store)/tarmac.sqlite\n  at \(store)/tarmac.sqlite\n  hint: "),
                    "\(command): \(result.stderr)")
        }
        #expect(try Self.shownID("latest", store: store) == Self.ids[2], "runs rm of an unknown run removed nothing")
    }

    @Test("every command that names a task: a task the run lacks is exit 65")
    func unknownTaskEverywhere() throws {
        let store = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: store) }
        for command in [["logs", "latest", "nosuch"], ["explain", "latest", "nosuch"], ["inspect", "latest", "nosuch"],
                        ["shell", "latest", "nosuch", "--command", "true"]] {
            let result = tarmac(command + ["--store", store])
            #expect(result.code == 65, "\(command): \(result.code) \(result.stderr)")
            #expect(result.stderr.hasPrefix("tarmac: error: run bbbb3333 has no task 'nosuch'\n  at nosuch\n  hint: its tasks: work"),
                    "\(command): \(result.stderr)")
        }
    }
}
