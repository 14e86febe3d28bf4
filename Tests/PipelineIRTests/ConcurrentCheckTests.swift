import Basics
import Foundation
@testable import PipelineIR
import Testing

/// A large pipeline is decoded and validated on all cores; the results and errors must be those of one serial pass.
@Suite struct ConcurrentCheckTests {
    /// A chain of `count` tasks, each with its own component and executor; `broken` tasks carry mistakes.
    private func pipeline(_ count: Int, broken: Set<Int> = []) -> String {
        var components = ["components:"], executors = ["deploymentSpec:", "  executors:"], tasks = ["root:", "  dag:", "    tasks:"]
        for i in 0..<count {
            let bad = broken.contains(i)
            components += ["  comp-\(i):", "    executorLabel: exec-\(i)", "    inputDefinitions:", "      parameters:",
                           "        x: {parameterType: NUMBER_INTEGER\(bad ? ", defaultValue: 'no'" : "")}",
                           "    outputDefinitions:", "      parameters:", "        Output: {parameterType: NUMBER_INTEGER}"]
            let input = bad ? "'y'" : "'x'"
            executors += ["    exec-\(i):", "      container:", "        image: python:3.11",
                          "        command: [sh, -c, \"echo {{$.inputs.parameters[\(input)]}} > {{$.outputs.parameters['Output'].output_file}}\"]"]
            let source = i == 0 ? "runtimeValue: {constant: 1}" : "taskOutputParameter: {producerTask: t-\(i - 1), outputParameterKey: Output}"
            tasks += ["      t-\(i):", "        componentRef: {name: comp-\(bad ? "missing" : String(i))}",
                      "        inputs: {parameters: {x: {\(source)}}}", "        taskInfo: {name: step \(i)}"]
        }
        return (components + executors + ["pipelineInfo: {name: chain}"] + tasks + ["schemaVersion: 2.1.0", ""]).joined(separator: "\n")
    }

    @Test func aLargeValidPipelineDecodesConcurrentlyAsSerially() throws {
        let documents = try YAMLLoader.loadDocuments(pipeline(200), file: "p.yaml")
        let concurrent = try #require(PipelineSpec.decodeConcurrently(documents[0], file: "p.yaml"))
        let diagnostics = IRDiagnostics(file: "p.yaml")
        let serial = PipelineSpec.decodeSpec(IRReader(value: documents[0], path: .root, diagnostics: diagnostics))
        #expect(diagnostics.errors.isEmpty)
        #expect(concurrent == serial)
        #expect(concurrent.rootDag.tasks.count == 200 && concurrent.components.count == 200 && concurrent.executors.count == 200)
        #expect(PipelineValidator.validate(concurrent, file: "p.yaml") == [])
    }

    @Test func aLargeInvalidPipelineIsNotDecodedConcurrently() throws {
        let text = pipeline(200).replacingOccurrences(of: "componentRef: {name: comp-7}", with: "componentRef: {}")
        let documents = try YAMLLoader.loadDocuments(text, file: "p.yaml")
        #expect(PipelineSpec.decodeConcurrently(documents[0], file: "p.yaml") == nil)
        #expect(throws: IRErrors.self) { try PipelineSpec.decode(documents: documents, file: "p.yaml") }
    }

    @Test func validationErrorsComeInDocumentOrderWhateverTheSlices() throws {
        let spec = try PipelineSpec.load(pipeline(300, broken: [3, 150, 299]), file: "p.yaml")
        let serial = PipelineValidator.validate(spec, file: "p.yaml", slices: 1)
        #expect(serial.count >= 9)  // per broken task: a bad default, an unknown component, a placeholder
        #expect(PipelineValidator.validate(spec, file: "p.yaml") == serial)
        #expect(PipelineValidator.validate(spec, file: "p.yaml", slices: 7) == serial)
    }
}
