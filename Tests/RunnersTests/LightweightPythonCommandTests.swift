import Foundation
import Testing
@testable import Runners

@Suite("LightweightPythonCommand on commands compiled by the KFP SDK")
struct LightweightPythonCommandTests {
    static let kfpStep = ["kfp==2.17.3", "--no-deps", "typing-extensions>=3.7.4,<5; python_version<\"3.9\""]

    static func executors(_ relativePath: String) throws -> [String: CompiledCommands.Executor] {
        try CompiledCommands(yamlFile: TestSupport.packageRoot + "/" + relativePath).executors
    }

    static func sharedExample(_ name: String) throws -> [String: CompiledCommands.Executor] {
        try CompiledCommands(yamlFile: TestSupport.packageRoot + "/Tests/Fixtures/ir/valid/" + name).executors
    }

    static func parse(_ executor: CompiledCommands.Executor?) throws -> LightweightPythonCommand {
        let executor = try #require(executor)
        return try #require(LightweightPythonCommand.parse(command: executor.command, args: executor.args))
    }

    @Test("02-python-types: only kfp is installed; the program is the rest of the command plus args")
    func pythonTypes() throws {
        let executors = try Self.executors("examples/02-python-types/pipeline.yaml")
        #expect(executors.count == 4)
        for executor in executors.values {
            let parsed = try Self.parse(executor)
            #expect(parsed.installSteps == [Self.kfpStep])
            #expect(parsed.programArgv == Array(executor.command[3...]) + executor.args)
            #expect(Array(parsed.programArgv.prefix(2)) == ["sh", "-ec"] && !parsed.usesVenv)
            #expect(parsed.programArgv.last == executor.name.replacingOccurrences(of: "exec-", with: "")
                .replacingOccurrences(of: "-", with: "_"))
        }
    }

    @Test("03-ml-pipeline: pandas and scikit-learn first, then kfp")
    func mlPipeline() throws {
        let executors = try Self.executors("examples/03-ml-pipeline/pipeline.yaml")
        for name in ["exec-evaluate", "exec-preprocess", "exec-train"] {
            let parsed = try Self.parse(executors[name])
            #expect(parsed.installSteps == [["pandas", "scikit-learn"], Self.kfpStep], "\(name)")
        }
        #expect(try Self.parse(executors["exec-deploy"]).installSteps == [Self.kfpStep])
    }

    @Test("basic.yaml: index options stay attached to each pip invocation")
    func indexOptions() throws {
        let parsed = try Self.parse(try Self.sharedExample("basic.yaml")["exec-consumer"])
        let index = ["--index-url", "https://pypi.org/simple", "--trusted-host", "https://pypi.org/simple"]
        #expect(parsed.installSteps == [index + ["numpy==2.0.0"], index + Self.kfpStep])
    }

    @Test("py.yaml: no install step, use_venv, and a containerized component")
    func variants() throws {
        let executors = try Self.sharedExample("py.yaml")
        let plain = try #require(executors["exec-a"])
        let parsedPlain = try Self.parse(plain)
        #expect(parsedPlain.installSteps.isEmpty && parsedPlain.programArgv == plain.command + plain.args)
        let venv = try Self.parse(executors["exec-c"])
        let index = ["--index-url", "https://a/simple", "--extra-index-url", "https://b/simple"]
        #expect(venv.usesVenv && venv.installSteps == [index + ["pandas"], index + Self.kfpStep])
        let containerized = try #require(executors["exec-b"])
        #expect(LightweightPythonCommand.parse(command: containerized.command, args: containerized.args) == nil)
    }

    @Test("every compiled example: recognized exactly when it runs kfp's executor_main through sh")
    func allExamples() throws {
        let examples = try FileManager.default.contentsOfDirectory(atPath: TestSupport.packageRoot + "/examples")
        var recognized = 0, other = 0
        for example in examples where FileManager.default.fileExists(atPath: "\(TestSupport.packageRoot)/examples/\(example)/pipeline.yaml") {
            for executor in try Self.executors("examples/\(example)/pipeline.yaml").values {
                let parsed = LightweightPythonCommand.parse(command: executor.command, args: executor.args)
                let isLightweight = executor.command.contains { $0.contains("kfp.dsl.executor_main") }
                #expect((parsed != nil) == isLightweight, "\(example) \(executor.name)")
                if parsed != nil { recognized += 1 } else { other += 1 }
            }
        }
        #expect(recognized > 40 && other > 0)
    }

    @Test("an install script doing anything else is not recognized")
    func foreignScripts() throws {
        let executor = try #require(try Self.executors("examples/02-python-types/pipeline.yaml").values.first)
        let script = executor.command[2]
        let variants = [
            script.replacingOccurrences(of: "&& \"$0\" \"$@\"", with: "&& rm -rf /tmp/x && \"$0\" \"$@\""),
            script.replacingOccurrences(of: "&& \"$0\" \"$@\"", with: ""),
            script.replacingOccurrences(of: "&& \"$0\" \"$@\"", with: "&& \"$0\" \"$@\" ; echo after"),
            script.replacingOccurrences(of: "'kfp==2.17.3'", with: "'kfp==2.17.3' > /dev/null"),
            script + "'unterminated",
        ]
        for variant in variants {
            var command = executor.command
            command[2] = variant
            #expect(LightweightPythonCommand.parse(command: command, args: executor.args) == nil, "\(variant)")
        }
        #expect(LightweightPythonCommand.parse(command: ["sh", "-c", "echo hi", "name"], args: []) == nil)
    }

    @Test("plain pip, pip3 and python -m pip invocations, with quiet options dropped")
    func pipSpellings() {
        let script = "pip install -q 'a==1' && pip3 install --quiet b && python -m pip install --upgrade \"c d\" && \"$0\" \"$@\""
        let parsed = LightweightPythonCommand.parseInstallScript(script)
        #expect(parsed?.installSteps == [["a==1"], ["b"], ["--upgrade", "c d"]])
    }
}
