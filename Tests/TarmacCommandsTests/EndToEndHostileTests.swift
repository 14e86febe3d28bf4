import Basics
import Foundation
import Testing

/// Components that try to make Tarmac touch files outside their task directory (crafted executor outputs,
/// symbolic links, a FIFO, a hijacked log directory): each fails only its own task, with a clear message,
/// and nothing outside the task directory is read, written or deleted.
@Suite(.enabled(if: E2E.compilerTestsEnabled && E2E.pythonTestsEnabled, "needs the KFP compiler and python3"))
struct EndToEndHostileTests {
    /// A directory outside the store and the pipeline root, with a secret file the components aim at.
    static func outsideDirectory() throws -> (path: String, secret: String) {
        let path = NSTemporaryDirectory() + "tarmac-outside-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let secret = "outside-secret-\(UUID().uuidString)"
        try Data(secret.utf8).write(to: URL(fileURLWithPath: path + "/secret.txt"))
        return (path, secret)
    }

    @Test("crafted executor outputs, links and FIFOs fail only their task; nothing outside is touched")
    func hostileOutputsAreConfined() async throws {
        let outside = try Self.outsideDirectory()
        defer { try? FileManager.default.removeItem(atPath: outside.path) }
        let run = await runPipeline(try await FixturePipelines.shared.yaml("hostile-outputs"),
                                    ["--param", "outside=\(outside.path)", "--keep-going"])
        #expect(run.code == 1 && run.state == "FAILED", run.diagnostics)
        // Tasks by display name (several tasks share a component, so their keys are report-artifact-2, ...).
        let states = Dictionary(run.tasks.map { ($0.displayName, $0.state) }, uniquingKeysWith: { a, _ in a })
        #expect(states == [
            "healthy": "SUCCEEDED", "metadata-keys": "SUCCEEDED", "plant-log-link": "SUCCEEDED",
            "absolute-uri": "FAILED", "dotdot-uri": "FAILED", "relative-uri": "FAILED",
            "wrong-type": "SUCCEEDED", "after-wrong-type": "FAILED", "wrong-type-file": "FAILED", "after-wrong-type-file": "NOT_RUN",
            "link-parameter": "FAILED", "fifo-parameter": "FAILED", "link-artifact": "FAILED",
        ], run.diagnostics)
        let errors = Dictionary(run.tasks.map { ($0.displayName, $0.error ?? "") }, uniquingKeysWith: { a, _ in a })
        let key = Dictionary(run.tasks.map { ($0.displayName, $0.name) }, uniquingKeysWith: { a, _ in a })
        for task in ["absolute-uri", "dotdot-uri", "relative-uri"] {
            #expect(errors[task]?.contains("which is not inside the task directory") == true, "\(task): \(errors[task] ?? "")")
        }
        // A wrong-typed value in an output parameter file fails its producer; in executor_output.json it is kept with a
        // warning, as the KFP launcher keeps it, and the consumer that needs an integer fails.
        #expect(errors["wrong-type-file"]?.contains("output parameter 'value' (NUMBER_INTEGER)") == true, "\(errors["wrong-type-file"] ?? "")")
        #expect(errors["after-wrong-type"]?.contains("'n'") == true, "\(errors["after-wrong-type"] ?? "")")
        #expect(run.stderr.contains("\(key["wrong-type"] ?? "?"): output parameter 'Output' is declared NUMBER_INTEGER"), run.diagnostics)
        #expect(errors["link-parameter"]?.contains("is a symbolic link to \(outside.path)/secret.txt, outside the task directory") == true,
                "\(errors["link-parameter"] ?? "")")
        #expect(errors["fifo-parameter"]?.contains("is not a regular file") == true, "\(errors["fifo-parameter"] ?? "")")
        #expect(errors["link-artifact"]?.contains("leads through a symbolic link to \(outside.path)") == true, "\(errors["link-artifact"] ?? "")")
        // Nothing was written or deleted outside; the secret was never read into any output, log or the store.
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == ["secret.txt"])
        #expect(try String(contentsOfFile: outside.path + "/secret.txt", encoding: .utf8) == outside.secret)
        #expect(run.leakCheck().places(containing: outside.secret) == [])
        // The link planted in place of attempt 1's log was removed: the log is in the task directory, nothing went outside.
        #expect(run.task("plant-log-link")?.attempts == 2)
        #expect(await run.logs("plant-log-link").contains("second attempt"), run.diagnostics)
        // Metadata keys are data: recorded verbatim, never used as paths.
        let taskDirectory = run.taskDirectory(key["metadata-keys"] ?? "?")
        for escaped in ["\(taskDirectory)/../../../by-meta", "/tmp/by-meta", "\(taskDirectory)/../b"] {
            #expect(!FileManager.default.fileExists(atPath: escaped), "\(escaped) was created")
        }
        let shown = await tarmacOffThread(["runs", "show", run.runID, "--store", E2E.store])
        #expect(shown.stdout.contains(#""../../../by-meta":1"#) && shown.stdout.contains(#""/tmp/by-meta":"v""#), Comment(rawValue: shown.stdout))
    }

    @Test("--task-timeout ends a task that never exits: it fails 'timed out after 2 s', the other task succeeds")
    func taskTimeout() async throws {
        let marker = "tarmac-hang-\(UUID().uuidString.prefix(8))"
        let started = Date()
        let run = await runPipeline(try await FixturePipelines.shared.yaml("never-exits"),
                                    ["--param", "marker=\(marker)", "--task-timeout", "2", "--keep-going"])
        // Not a speed check: the task sleeps 1,000 s, so only a run that waited for it (a timeout that did not
        // fire) takes this long; a busy CI machine takes over a minute for the healthy task's environment alone.
        #expect(Date().timeIntervalSince(started) < 900, "the run took \(Date().timeIntervalSince(started)) s")
        #expect(run.code == 1 && run.state == "FAILED", run.diagnostics)
        #expect(run.states == ["hang": "FAILED", "healthy": "SUCCEEDED"], run.diagnostics)
        #expect(run.task("hang")?.error?.hasPrefix("timed out after 2 s") == true, run.diagnostics)
        #expect(await run.logs("hang").contains("hanging \(marker)"))
        #expect(EndToEndInterruptTests.processes(matching: marker) == [], "a process of the timed-out task survived")
    }

    @Test("--task-timeout must be a positive number of seconds (usage error, exit 2)")
    func taskTimeoutValidation() async throws {
        let yaml = try await FixturePipelines.shared.yaml("never-exits")
        for bad in ["0", "-1", "inf"] {
            let result = await tarmacOffThread(["run", yaml, "--store", E2E.store, "--param", "marker=x", "--task-timeout", bad])
            #expect(result.code == 2, "--task-timeout \(bad): exit \(result.code) \(result.stderr)")
        }
    }
}
