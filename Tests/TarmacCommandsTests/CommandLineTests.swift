import ArgumentParser
import Foundation
import Testing
@testable import TarmacCommands

// What TarmacMain does to a command line before parsing (run references, root-level --store) and the
// hygiene of the help texts (wrapped by the parser, run's option groups, completions).

@Suite("Command line: run references, --store before the subcommand, help")
struct CommandLineTests {
    @Test("latest and -N name the newest runs; anything else is an id or prefix")
    func parsesRunReferences() {
        #expect(RunReference("latest") == .newest(1))
        #expect(RunReference("-1") == .newest(1))
        #expect(RunReference("-12") == .newest(12))
        #expect(RunReference(String(RunReference.escape) + "-3") == .newest(3))
        #expect(RunReference("-0") == .id("-0"))
        #expect(RunReference("3f9c") == .id("3f9c"))
        #expect(RunReference("latest2") == .id("latest2"))
    }

    @Test("-N is escaped for the parser only in commands that name runs, and never after --")
    func escapesNewest() {
        let escaped = String(RunReference.escape)
        #expect(RunReference.escapingNewest(["logs", "-2", "train"]) == ["logs", escaped + "-2", "train"])
        #expect(RunReference.escapingNewest(["runs", "diff", "-2", "-1"]) == ["runs", "diff", escaped + "-2", escaped + "-1"])
        #expect(RunReference.escapingNewest(["run", "p.yaml", "--max-parallel", "-1"]) == ["run", "p.yaml", "--max-parallel", "-1"])
        #expect(RunReference.escapingNewest(["shell", "-1", "t", "--", "-2"]) == ["shell", escaped + "-1", "t", "--", "-2"])
        #expect(RunReference.escapingNewest(["logs", "-v"]) == ["logs", "-v"])
    }

    @Test("--store before the subcommand moves behind it; other root options stay")
    func hoistsStore() {
        #expect(CommandLineArguments.hoistingRootOptions(["--store", "D", "runs", "list"]) == ["runs", "list", "--store", "D"])
        #expect(CommandLineArguments.hoistingRootOptions(["--store=D", "logs", "x"]) == ["logs", "x", "--store=D"])
        #expect(CommandLineArguments.hoistingRootOptions(["--store", "D", "shell", "r", "t", "--", "x"]) == ["shell", "r", "t", "--store", "D", "--", "x"])
        #expect(CommandLineArguments.hoistingRootOptions(["--help"]) == ["--help"])
        #expect(CommandLineArguments.hoistingRootOptions(["runs", "list", "--store", "D"]) == ["runs", "list", "--store", "D"])
    }

    @Test("tarmac --store DIR runs list reads that store")
    func storeBeforeSubcommand() throws {
        let store = NSTemporaryDirectory() + "tarmac-root-store-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: store) }
        let listed = tarmac("--store", store, "runs", "list", "--json")
        #expect(listed.code == 0, Comment(rawValue: listed.stderr))
        #expect(listed.stdout.contains("\"runs\": []"), Comment(rawValue: listed.stdout))
        #expect(FileManager.default.fileExists(atPath: store + "/tarmac.sqlite"))
    }

    @Test("no abstract or discussion has a hard line break: the parser wraps them to the terminal")
    func helpTextsAreUnwrapped() {
        func walk(_ command: ParsableCommand.Type, path: String) {
            let configuration = command.configuration
            #expect(!configuration.abstract.contains("\n"), "\(path): abstract has a line break")
            #expect(!configuration.discussion.contains("\n"), "\(path): discussion has a line break")
            for sub in configuration.subcommands { walk(sub, path: path + " " + (sub.configuration.commandName ?? "?")) }
        }
        walk(Tarmac.self, path: "tarmac")
        let wide = Tarmac.helpMessage(for: RunCommand.self, columns: 2000)
        #expect(wide.contains("created once under the store and reused. Exit status: 0 when the run succeeds"))
    }

    @Test("run --help shows its options in groups, and --max-parallel's default once")
    func runHelpGroups() {
        let help = Tarmac.helpMessage(for: RunCommand.self, columns: 2000)
        var last = help.startIndex
        for title in ["INPUTS:", "WHERE TASKS RUN:", "CACHE:", "OUTPUT:", "DEBUGGING:"] {
            guard let found = help.range(of: "\n" + title + "\n", range: last..<help.endIndex) else {
                Issue.record("no group \(title) after the previous one in:\n\(help)")
                return
            }
            last = found.upperBound
        }
        let parallel = help.split(separator: "\n").filter { $0.contains("--max-parallel") }
        #expect(parallel.count == 1)
        #expect(parallel.first.map { $0.components(separatedBy: "default").count - 1 } == 1, Comment(rawValue: parallel.joined()))
        let inputs = help[help.range(of: "INPUTS:")!.upperBound..<help.range(of: "WHERE TASKS RUN:")!.lowerBound]
        #expect(inputs.contains("--param") && inputs.contains("--artifact"))
        let placement = help[help.range(of: "WHERE TASKS RUN:")!.upperBound..<help.range(of: "\nCACHE:")!.lowerBound]
        #expect(placement.contains("--runner") && placement.contains("--max-parallel"))
    }

    @Test("completion scripts for bash, zsh and fish name the subcommands")
    func completions() {
        for shell in ["bash", "zsh", "fish"] {
            let result = tarmac("--generate-completion-script", shell)
            #expect(result.code == 0, Comment(rawValue: result.stderr))
            #expect(result.stdout.contains("runs") && result.stdout.contains("config"), "\(shell)")
        }
    }
}
