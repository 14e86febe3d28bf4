import Basics
import Foundation
import Testing
@testable import Runners

/// The three pieces together, as the engine uses them: a compiled component's install steps go into
/// a cached venv, and its program runs with that venv first on PATH. Downloads kfp from PyPI.
@Suite("Lightweight Python component end to end",
       .enabled(if: TestSupport.isCI || (PythonConditions.hasPython && PythonConditions.online)))
struct LightweightPythonRunTests {
    @Test("examples/12-placeholders shout() runs from its environment and writes its output")
    func shout() throws {
        let dir = try TestSupport.makeTemporaryDirectory("kfp")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let yaml = TestSupport.packageRoot + "/examples/12-placeholders/pipeline.yaml"
        let executor = try #require(try CompiledCommands(yamlFile: yaml).executors["exec-shout"])
        let command = try #require(LightweightPythonCommand.parse(command: executor.command, args: executor.args))
        let environment = try PythonEnvironmentStore(root: dir + "/envs")
            .environment(for: command.installSteps, log: dir + "/setup.log")

        let executorInput: JSONValue = [
            "inputs": ["parameterValues": ["text": "hello"]],
            "outputs": ["parameters": ["Output": ["outputFile": .string(dir + "/out/Output")]],
                        "outputFile": .string(dir + "/out/executor_output.json")],
        ]
        let argv = command.programArgv.map { $0 == "{{$}}" ? executorInput.canonicalJSON : $0 }
        let spec = ProcessSpec(argv: argv, environment: ["PATH": environment.binDirectory + ":/usr/bin:/bin", "HOME": dir],
                               workingDirectory: dir, logFile: dir + "/task.log", streamPrefix: "[shout]")
        let lines = LineCollector()
        let outcome = SubprocessRunner(lineHandler: lines.handler).run(spec)
        #expect(outcome.succeeded, "\(outcome)")
        let output = try String(contentsOfFile: dir + "/out/executor_output.json", encoding: .utf8)
        #expect(output.contains("\"HELLO\""))
        #expect(lines.lines.contains { $0.hasPrefix("[shout] ") && $0.contains("Wrote executor output file") })
    }
}
