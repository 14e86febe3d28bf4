import Basics
import Foundation
import Testing

// Derived images for real (podman): a Lightweight Python component's base image with its install step done once,
// reused by the next run, a new one for a changed install set, outputs equal to the compiled command's, and
// `cache prune` / `cache clear` removing them through podman. Serialized: both tests use the fixture's two images.

@Suite("End-to-end: derived images in podman", .serialized, .enabled(if: Podman.enabled, "needs a working podman (scripts/install-podman)"))
struct EndToEndDerivedImageTests {
    /// `tarmac run FIXTURE --json` through the binary (so that each run has its own `TARMAC_DERIVED_IMAGES`), in `store`.
    static func run(_ store: String, _ extra: [String] = [], derived: Bool = true) async throws -> PipelineRun {
        let yaml = try await FixturePipelines.shared.yaml("derived-image")
        var environment = E2E.environment
        environment["TARMAC_DERIVED_IMAGES"] = derived ? nil : "0"
        let arguments = ["run", yaml, "--json", "-q", "--store", store] + Podman.options + extra
        let variables = environment
        let result = await Podman.limited {
            await runProcess([Self.binary] + arguments, in: Repo.root.path, environment: variables)
        }
        return PipelineRun(arguments: arguments, result: CommandResult(code: result.code, stdout: result.stdout, stderr: result.stderr))
    }

    static var binary: String { Repo.root.appendingPathComponent(".build/debug/tarmac").path }

    static func environmentLog(_ run: PipelineRun, _ task: String) -> String {
        (try? String(contentsOfFile: run.taskDirectory(task) + "/environment.log", encoding: .utf8)) ?? ""
    }

    /// The derived image a task's environment log names.
    static func tag(_ run: PipelineRun, _ task: String) -> String? {
        let log = environmentLog(run, task)
        guard let range = log.range(of: #"localhost/tarmac-env/[0-9a-f]{64}"#, options: .regularExpression) else { return nil }
        return String(log[range])
    }

    static func exists(_ image: String) async -> Bool {
        await runProcess(["podman", "image", "exists", image]).code == 0
    }

    /// What `tarmac inspect` says the task was launched with.
    static func command(_ run: PipelineRun, _ task: String) async -> String {
        await tarmacOffThread(["inspect", run.runID, task, "--store", run.store]).stdout
    }

    @Test("a rerun builds no image, a changed install set gets its own, and the outputs are those of the compiled command")
    func reusedAndSameOutputs() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let store = E2E.scratchDirectory("derived-reuse")
        let first = try await Self.run(store, ["--no-cache"])
        #expect(first.code == 0 && first.state == "SUCCEEDED", first.diagnostics)
        let newTag = try #require(Self.tag(first, "new"), "\(Self.environmentLog(first, "new"))")
        let oldTag = try #require(Self.tag(first, "old"), "\(Self.environmentLog(first, "old"))")
        #expect(newTag != oldTag, "six 1.16.0 and six 1.15.0 share an image")
        let newExists = await Self.exists(newTag), oldExists = await Self.exists(oldTag)
        #expect(newExists && oldExists)
        // Without old's image, the rerun builds it again (from its install step) and reuses new's.
        #expect(await runProcess(["podman", "rmi", oldTag]).code == 0)
        let second = try await Self.run(store, ["--no-cache"])
        #expect(second.code == 0, second.diagnostics)
        #expect(Self.environmentLog(second, "new").contains("tarmac: reusing the derived image \(newTag) "), "\(Self.environmentLog(second, "new"))")
        #expect(!Self.environmentLog(second, "new").contains("$ "), "a reused image runs no command")
        let rebuilt = Self.environmentLog(second, "old")
        #expect(rebuilt.contains("tarmac: building the derived image \(oldTag): ") && rebuilt.contains("commit"), "\(rebuilt)")
        // The task ran its program only: the command is the KFP one after its install step.
        let derivedCommand = await Self.command(second, "new")
        #expect(derivedCommand.contains("kfp.dsl.executor_main") && !derivedCommand.contains("pip install"), "\(derivedCommand)")
        #expect(second.returned("new") == .string("1.16.0") && second.parameters["Output"] == .string("hello 1.15.0"), second.diagnostics)
        // The compiled command, pip install and all, in the base image: the same outputs.
        let compiled = try await Self.run(store, ["--no-cache"], derived: false)
        #expect(compiled.code == 0, compiled.diagnostics)
        let compiledCommand = await Self.command(compiled, "new")
        #expect(Self.tag(compiled, "new") == nil && compiledCommand.contains("pip install"), "\(compiledCommand)")
        #expect(compiled.parameters == second.parameters && compiled.returned("new") == second.returned("new"), compiled.diagnostics)
        let note = { (run: PipelineRun) in try? String(contentsOfFile: run.taskDirectory("new") + "/note", encoding: .utf8) }
        #expect(note(second) == "hello with six 1.16.0" && note(compiled) == note(second))
        #expect(await Podman.containers(named: "tarmac-env-").isEmpty, "build containers were left behind")
    }

    @Test("cache prune removes the derived image no entry was made with; cache clear removes the rest; stats counts them")
    func pruneAndClear() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let store = E2E.scratchDirectory("derived-prune")
        let run = try await Self.run(store)
        #expect(run.code == 0, run.diagnostics)
        let newTag = try #require(Self.tag(run, "new")), oldTag = try #require(Self.tag(run, "old"))
        let stats = await tarmacOffThread(["cache", "stats", "--json", "--store", store])
        let count = (try? JSONValue.parse(stats.stdout))?.objectValue?["derived_images"]?.objectValue?["count"]
        #expect(count == .number(2), "\(stats.stdout)")
        // `new` made a cache entry in its image; `old` opts out of the cache, so nothing keeps its image.
        let pruned = await tarmacOffThread(["cache", "prune", "--max-size", "1G", "--grace", "0s", "--json", "--store", store])
        let removed = (try? JSONValue.parse(pruned.stdout))?.objectValue?["removed_images"]
        #expect(pruned.code == 0 && removed == .array([.string(oldTag)]), "\(pruned.stdout)\(pruned.stderr)")
        let oldGone = await !Self.exists(oldTag), newKept = await Self.exists(newTag)
        #expect(oldGone && newKept)
        let cleared = await tarmacOffThread(["cache", "clear", "--store", store])
        #expect(cleared.code == 0 && cleared.stdout.contains("; 1 derived images ("), "\(cleared.stdout)\(cleared.stderr)")
        let newGone = await !Self.exists(newTag)
        #expect(newGone)
        let images = await runProcess(["podman", "images", "--format", "{{.Repository}}"])
        #expect(!images.stdout.contains(String(newTag.dropFirst("localhost/".count))), "\(images.stdout)")
    }
}
