import Foundation
import Testing
import TarmacCommands

/// The package root and the fixtures in it. Every path handed to `tarmac` in these tests is relative to the
/// root, so that what the goldens record is what a person running `tarmac` from a checkout sees.
enum Repo {
    /// The package root, found from this file's location (Tests/TarmacCommandsTests/…).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .standardizedFileURL

    /// True when goldens should be rewritten from the current output instead of compared (`UPDATE_GOLDEN=1`).
    static var updatingGoldens: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

    /// `swift test` runs the tests with the package root as the working directory; the relative paths in
    /// the goldens depend on it, so every test that passes a relative path checks it first. Changing the
    /// directory here instead would race with tests running in parallel.
    static func requireRootIsCurrentDirectory(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).resolvingSymlinksInPath().path
        let expected = root.resolvingSymlinksInPath().path
        try #require(cwd == expected, "tests must run with the package root as the working directory (swift test does this); cwd is \(cwd)",
                     sourceLocation: sourceLocation)
    }

    /// Root-relative paths of the files directly in `folder` (root-relative) whose names end in `suffix`, sorted.
    static func files(in folder: String, suffix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
        return names.filter { $0.hasSuffix(suffix) && !$0.hasPrefix(".") }.sorted().map { folder + "/" + $0 }
    }

    /// Root-relative paths of `examples/*/pipeline.yaml`, sorted.
    static func examplePipelines() -> [String] {
        exampleDirectories().map { $0 + "/pipeline.yaml" }
            .filter { FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path) }
    }

    /// Root-relative paths of the example directories `examples/NN-name`, sorted.
    static func exampleDirectories() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("examples").path)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            let path = root.appendingPathComponent("examples").appendingPathComponent(name).path
            // Example pipelines are examples/NN-name; other folders (examples/ci) hold recipes, not pipelines.
            return name.first?.isNumber == true && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }.sorted().map { "examples/" + $0 }
    }

    /// The text of a root-relative file, or nil if it does not exist.
    static func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

/// What one `tarmac` command line did.
struct CommandResult: Sendable {
    let code: Int32
    let stdout: String
    let stderr: String
}

/// Runs `tarmac ARGUMENTS...` in-process, capturing its output.
func tarmac(_ arguments: String...) -> CommandResult {
    tarmac(arguments)
}

/// The test defaults of a `tarmac run`: without `--runner` it runs on the host (`--runner subprocess`):
/// the default, `auto`, would pick podman where it works; the container tests say `--runner podman`
/// themselves. On the store the tests share, without a cache option it uses `--no-cache`, so no test's
/// expectations depend on which other test ran the same pipeline first.
func withTestDefaults(_ arguments: [String]) -> [String] {
    guard arguments.first == "run" else { return arguments }
    var arguments = arguments
    if !arguments.contains("--runner") { arguments += ["--runner", "subprocess"] }
    let store = arguments.firstIndex(of: "--store").map { arguments[$0 + 1] }
    if store == E2E.store, !arguments.contains("--no-cache"), !arguments.contains("--cache-mode") { arguments.append("--no-cache") }
    return arguments
}

/// Runs `tarmac ARGUMENTS...` in-process, capturing its output (`run`s get ``withTestDefaults(_:)``).
func tarmac(_ arguments: [String]) -> CommandResult {
    tarmacExactly(withTestDefaults(arguments))
}

/// Runs `tarmac ARGUMENTS...` in-process exactly as given (no test defaults such as `--runner subprocess`).
func tarmacExactly(_ arguments: [String]) -> CommandResult {
    let capture = Console.Capture()
    let code = Console.$capture.withValue(capture) { TarmacMain.execute(arguments) }
    return CommandResult(code: code, stdout: capture.stdout, stderr: capture.stderr)
}

/// Compares `actual` with the golden file `goldenPath` (root-relative), or rewrites it when `UPDATE_GOLDEN=1`.
func expectGolden(_ actual: String, matches goldenPath: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = Repo.root.appendingPathComponent(goldenPath)
    if Repo.updatingGoldens {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url, options: .atomic)
        } catch {
            Issue.record("cannot write golden \(goldenPath): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard let expected = Repo.read(goldenPath) else {
        Issue.record("missing golden \(goldenPath); create it with UPDATE_GOLDEN=1 swift test --filter TarmacCommandsTests",
                     sourceLocation: sourceLocation)
        return
    }
    #expect(actual == expected, "output differs from \(goldenPath) (UPDATE_GOLDEN=1 rewrites it)", sourceLocation: sourceLocation)
}
