import Basics
import Foundation
import Testing
@testable import TarmacCommands

// Config files: found upward from the working directory and in XDG_CONFIG_HOME, layered (flag > project >
// user), shown by `config show`, and located errors for broken files. In-process tests bind
// `Config.search`; one test runs the real binary in a scratch directory to check the real discovery.

/// A project directory with `tarmac.toml` (in `root`), a subdirectory to work in, and a user config home.
struct ConfigScratch {
    let root: String
    let work: String
    let xdg: String

    init(project: String?, user: String?) throws {
        root = NSTemporaryDirectory() + "tarmac-config-\(UUID().uuidString.prefix(8))"
        work = root + "/sub/dir"
        xdg = root + "-xdg"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: xdg + "/tarmac", withIntermediateDirectories: true)
        if let project { try project.write(toFile: root + "/tarmac.toml", atomically: true, encoding: .utf8) }
        if let user { try user.write(toFile: xdg + "/tarmac/config.toml", atomically: true, encoding: .utf8) }
    }

    var search: ConfigSearch { ConfigSearch(directory: work, environment: ["XDG_CONFIG_HOME": xdg, "HOME": "/nonexistent"]) }

    /// `tarmac ARGUMENTS` in-process with the config files of this scratch.
    func tarmac(_ arguments: String...) -> CommandResult {
        Config.$search.withValue(search) { TarmacCommandsTests.tarmac(arguments) }
    }

    /// `tarmac ARGUMENTS` in-process exactly as given (no test defaults such as `--runner subprocess`).
    func exactly(_ arguments: [String]) -> CommandResult {
        Config.$search.withValue(search) { tarmacExactly(arguments) }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
        try? FileManager.default.removeItem(atPath: xdg)
    }
}

@Suite("Config files: tarmac.toml and ~/.config/tarmac/config.toml")
struct ConfigTests {
    static let project = """
        # the project's settings
        runner = "subprocess"
        max-parallel = 3
        mount = ["./data:/data:ro"]
        store = "runs-store"
        """
    static let user = """
        runner = "no-such-runner"
        network = "host"
        max-parallel = 8
        """

    @Test("config show: the project file wins over the user file, each value says its file and line")
    func layering() throws {
        let scratch = try ConfigScratch(project: Self.project, user: Self.user)
        defer { scratch.remove() }
        let shown = scratch.tarmac("config", "show")
        #expect(shown.code == 0, Comment(rawValue: shown.stderr))
        let line = { (key: String) in shown.stdout.split(separator: "\n").first { $0.hasPrefix(key + " ") }.map(String.init) ?? "" }
        #expect(line("runner") == "runner          = \"subprocess\"    # \(scratch.root)/tarmac.toml:2", Comment(rawValue: shown.stdout))
        #expect(line("max-parallel").hasSuffix("= 3    # \(scratch.root)/tarmac.toml:3"), Comment(rawValue: shown.stdout))
        #expect(line("network").hasSuffix("= \"host\"    # \(scratch.xdg)/tarmac/config.toml:2"), Comment(rawValue: shown.stdout))
        #expect(line("mount").contains("\"\(scratch.root)/data:/data:ro\""), "relative to the file's directory: \(shown.stdout)")
        #expect(line("store").contains("\"\(scratch.root)/runs-store\"") && line("store").hasSuffix("tarmac.toml:5"))
        #expect(line("env").hasSuffix("= (none)    # default"))

        let flagged = scratch.tarmac("config", "show", "--store", "/tmp/elsewhere", "--json")
        let document = try JSONValue.parse(flagged.stdout)
        #expect(document["schema_version"]?.numberValue == 1)
        let settings = document["settings"]
        #expect(settings?["store"]?["value"]?.stringValue == "/tmp/elsewhere")
        #expect(settings?["store"]?["source"]?["kind"]?.stringValue == "flag")
        #expect(settings?["runner"]?["source"]?["line"]?.numberValue == 2)
        #expect(settings?["runner"]?["source"]?["file"]?.stringValue == scratch.root + "/tarmac.toml")
        #expect(settings?["env"]?["value"]?.isNull == true && settings?["env"]?["source"]?["kind"]?.stringValue == "default")
        #expect(document["files"]?.arrayValue?.count == 2)
        expectGolden(jsonShape(document), matches: "Tests/Fixtures/golden/json-schema-config-show.txt")
    }

    @Test("a run takes store, runner and max-parallel from tarmac.toml; a flag wins over it")
    func runUsesConfig() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let scratch = try ConfigScratch(project: Self.project, user: Self.user)
        defer { scratch.remove() }
        let pipeline = Repo.root.path + "/examples/01-shell-components/pipeline.yaml"
        // The user file's runner would be refused: the project file's `subprocess` must win.
        let ran = await offThread { scratch.exactly(["run", pipeline, "--json", "-q", "--no-cache"]) }
        #expect(ran.code == 0, Comment(rawValue: ran.stderr))
        let listed = tarmac("runs", "list", "--json", "--store", scratch.root + "/runs-store")
        let runs = try JSONValue.parse(listed.stdout)["runs"]?.arrayValue ?? []
        #expect(runs.count == 1, "the run went to the config's store: \(listed.stdout)")

        let userOnly = try ConfigScratch(project: nil, user: Self.user)
        defer { userOnly.remove() }
        let refused = userOnly.exactly(["run", pipeline, "--store", userOnly.root + "/store"])
        #expect(refused.code == 2 && refused.stderr.contains("--runner expects auto, podman, docker or subprocess, got 'no-such-runner'"),
                "without a project file the user file's runner is used: \(refused.stderr)")
        let flagWins = await offThread { userOnly.exactly(["run", pipeline, "--store", userOnly.root + "/store", "--runner", "subprocess", "-q"]) }
        #expect(flagWins.code == 0, "the flag wins over the user file: \(flagWins.stderr)")

        let zero = try ConfigScratch(project: "max-parallel = 0\n", user: nil)
        defer { zero.remove() }
        let tooFew = zero.exactly(["run", pipeline, "--runner", "subprocess", "--store", zero.root + "/store"])
        #expect(tooFew.code == 2 && tooFew.stderr.contains("--max-parallel must be at least 1"), "max-parallel is read: \(tooFew.stderr)")
        let flagged = await offThread { zero.exactly(["run", pipeline, "--runner", "subprocess", "--max-parallel", "2", "-q",
                                                      "--store", zero.root + "/store"]) }
        #expect(flagged.code == 0, "--max-parallel wins over the file: \(flagged.stderr)")
    }

    @Test("inherit-proxy = true in a file turns --inherit-proxy on; without it the flag alone does")
    func inheritProxyKey() throws {
        let scratch = try ConfigScratch(project: "inherit-proxy = true\n", user: nil)
        defer { scratch.remove() }
        let config = try Config.load(scratch.search)
        #expect(config.boolean(.inheritProxy) == true)
        #expect(try ContainerRunOptions.parse([]).withConfig(config).inheritProxy == true)
        #expect(try ContainerRunOptions.parse([]).withConfig(.empty).inheritProxy == false)
        #expect(try ContainerRunOptions.parse(["--inherit-proxy"]).withConfig(.empty).inheritProxy == true)
        let shown = scratch.tarmac("config", "show")
        #expect(shown.stdout.contains("= true    # \(scratch.root)/tarmac.toml:1"), Comment(rawValue: shown.stdout))
    }

    @Test("an unknown key, a wrong type or bad TOML is an error at file:line, exit 65, in every command")
    func brokenFiles() throws {
        let cases: [(String, String, String)] = [
            ("runner = \"subprocess\"\nmax_parallel = 2\n", "unknown key 'max_parallel' in the config file", "hint: did you mean 'max-parallel'?"),
            ("runer = \"subprocess\"\n", "unknown key 'runer' in the config file", "hint: did you mean 'runner'?"),
            ("colour = \"blue\"\n", "unknown key 'colour' in the config file", "hint: known keys: store, runner, mount"),
            ("\n\nmax-parallel = \"4\"\n", "'max-parallel' must be an integer, not a string", "hint: for example max-parallel = 4"),
            ("mount = [\"a:/a\", 3]\n", "'mount' must be an array of strings; it holds an integer", "hint:"),
            ("inherit-proxy = \"yes\"\n", "'inherit-proxy' must be a boolean (true or false), not a string", "hint: for example inherit-proxy = true"),
            ("runner = \n", "the config file is not valid TOML", "hint:"),
        ]
        for (text, message, hint) in cases {
            let scratch = try ConfigScratch(project: text, user: nil)
            defer { scratch.remove() }
            let line = text.hasPrefix("\n\n") ? 3 : (text.contains("max_parallel") ? 2 : 1)
            for command in [["config", "show"], ["runs", "list"]] {
                let result = Config.$search.withValue(scratch.search) { tarmac(command) }
                #expect(result.code == 65, "\(command): \(result.stderr)")
                #expect(result.stderr.hasPrefix("tarmac: error: \(message)"), Comment(rawValue: result.stderr))
                #expect(result.stderr.contains("  at \(scratch.root)/tarmac.toml:\(line):"), Comment(rawValue: result.stderr))
                #expect(result.stderr.contains(hint), Comment(rawValue: result.stderr))
            }
        }
    }

    @Test("the real binary finds tarmac.toml in a parent directory and the user file in XDG_CONFIG_HOME")
    func realDiscovery() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: TerminalSession.binary), "build the tarmac product first (swift build --build-tests)")
        let scratch = try ConfigScratch(project: "runner = \"subprocess\"\n", user: "\n\nnetwork = \"none\"\n")
        defer { scratch.remove() }
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = scratch.xdg
        environment["TARMAC_STORE"] = nil
        let shown = await runProcess([TerminalSession.binary, "config", "show", "--json"], in: scratch.work, environment: environment)
        #expect(shown.code == 0, Comment(rawValue: shown.stderr))
        let settings = try JSONValue.parse(shown.stdout)["settings"]
        #expect(settings?["runner"]?["source"]?["file"]?.stringValue == scratch.root + "/tarmac.toml", Comment(rawValue: shown.stdout))
        #expect(settings?["network"]?["source"]?["file"]?.stringValue == scratch.xdg + "/tarmac/config.toml")
        #expect(settings?["network"]?["source"]?["line"]?.numberValue == 3)
        #expect(settings?["store"]?["value"]?.stringValue?.hasSuffix("/sub/dir/.tarmac") == true, "default store in the cwd")
        environment["TARMAC_STORE"] = "/tmp/from-env"
        let fromEnv = await runProcess([TerminalSession.binary, "config", "show"], in: scratch.work, environment: environment)
        #expect(fromEnv.stdout.contains("store           = \"/tmp/from-env\"    # env TARMAC_STORE"), Comment(rawValue: fromEnv.stdout))
    }
}
