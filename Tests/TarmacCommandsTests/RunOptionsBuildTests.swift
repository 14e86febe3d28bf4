import Basics
import Engine
import Foundation
import PipelineIR
import Planner
import Testing
@testable import TarmacCommands

/// `tarmac run`'s options resolved once in TarmacCommands (issue 19.5): root artifacts checked and made absolute, and
/// the flags of the option keys the planner and the engine name in their messages.
@Suite("Run options: resolved by the command line, option keys spelled as its flags")
struct RunOptionsBuildTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Example 01 with root input artifacts `data` (required) and `extra` (optional).
    static func spec() throws -> PipelineSpec {
        let path = repository.appendingPathComponent("examples/01-shell-components/pipeline.yaml").path
        var spec = try PipelineSpec.load(String(contentsOfFile: path, encoding: .utf8), file: path)
        spec.root.inputDefinitions.artifacts["data"] = ArtifactSpec(artifactType: ArtifactTypeSchema(schemaTitle: "system.Dataset"))
        spec.root.inputDefinitions.artifacts["extra"] = ArtifactSpec(artifactType: ArtifactTypeSchema(schemaTitle: "system.Dataset"),
                                                                     isOptional: true)
        return spec
    }

    @Test("a relative --artifact path reaches the engine absolute and standardized")
    func artifactsMadeAbsolute() throws {
        let resolved = try RootArtifacts.resolve(["data": "examples/../examples/01-shell-components"], for: Self.spec())
        let expected = (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent("examples/01-shell-components")
        #expect(resolved == ["data": (expected as NSString).standardizingPath])
    }

    @Test("an undeclared, missing or absent required --artifact is refused with the engine's former text")
    func artifactProblems() throws {
        let spec = try Self.spec()
        let cases: [([String: String], String)] = [
            (["nope": "examples"], "tarmac: error: the pipeline has no input artifact 'nope'\n  at --artifact nope\n  hint: input artifacts: data, extra"),
            (["data": "no/such/file"], "tarmac: error: no such file or directory: no/such/file\n  at --artifact data"),
            (["extra": "examples"], "tarmac: error: the pipeline needs input artifact 'data'\n  at --artifact\n  hint: pass it with --artifact data=PATH"),
        ]
        for (given, text) in cases {
            #expect(throws: IRError.self) { try RootArtifacts.resolve(given, for: spec) }
            do {
                _ = try RootArtifacts.resolve(given, for: spec)
            } catch let error as IRError {
                #expect(ErrorRenderer.render(error) == text)
            }
        }
    }

    @Test("every option key is spelled as a flag `tarmac run` takes")
    func keysAreRunFlags() {
        let help = Tarmac.helpMessage(for: RunCommand.self, columns: 2000)
        let flags = Set(help.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," }).filter { $0.hasPrefix("--") }.map(String.init))
        for key in OptionKey.allCases {
            #expect(flags.contains(OptionNames.commandLine(key)), "\(key) is \(OptionNames.commandLine(key)), not a flag of run")
        }
    }

    @Test("a location by option key is rendered with its flag; a selection error names --only")
    func locationsByKey() throws {
        #expect(ErrorRenderer.render(IRError("x", at: .runOption(.secretsDirectory, argument: "a b"))) == "tarmac: error: x\n  at --secrets-dir a b")
        #expect(throws: SelectionError.self) { try TaskSelection(.only, task: "no-such-task", in: Self.spec()) }
        do {
            _ = try TaskSelection(.only, task: "no-such-task", in: Self.spec())
        } catch let error as SelectionError {
            #expect(ErrorRenderer.render(error).contains("\n  at --only"))
        }
    }
}
