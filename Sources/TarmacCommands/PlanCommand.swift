import ArgumentParser
import Basics
import Foundation
import PipelineIR
import Planner

/// `tarmac plan PIPELINE.yaml [--param NAME=VALUE]... [--params-file FILE] [--format text|mermaid|dot]`
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print the task graph of a pipeline without running it."
    )

    @Argument(help: "An IR YAML file written by the KFP compiler.")
    var pipeline: String

    @OptionGroup var parameters: ParameterOptions

    @Option(help: "Output format: text, mermaid or dot.")
    var format: PlanFormat = .text

    func run() throws {
        let file = try PipelineFile.load(pipeline)
        let values = try parameters.resolve(for: file.spec)
        let graph = PlanGraph(spec: file.spec, parameters: values)
        print(PlanRenderer.render(graph, format: format), terminator: "")
    }
}

extension PlanFormat: ExpressibleByArgument {}

/// `--param` and `--params-file`, shared by every command that takes run parameters.
struct ParameterOptions: ParsableArguments {
    @Option(name: .customLong("param"), help: ArgumentHelp("A run parameter; the value is JSON unless the parameter is a STRING.", valueName: "NAME=VALUE"))
    var params: [String] = []

    @Option(name: .customLong("params-file"), help: ArgumentHelp("A JSON or YAML object of run parameters (--param wins).", valueName: "FILE"))
    var paramsFile: String?

    /// The checked and completed run parameters.
    func resolve(for spec: PipelineSpec) throws -> RunParameters {
        var supplied: [String: (JSONValue, RunParameters.Source)] = [:]
        if let paramsFile {
            guard let data = FileManager.default.contents(atPath: paramsFile), let text = String(data: data, encoding: .utf8) else {
                throw IRError("cannot read the params file", at: .path(paramsFile))
            }
            let documents = try YAMLLoader.loadDocuments(text, file: paramsFile)
            let members = try RunParameters.parseFile(documents.first ?? .object([:]), path: paramsFile)
            for (name, value) in members { supplied[name] = (value, .file(paramsFile)) }
        }
        for option in params {
            let (name, value) = try RunParameters.parseOption(option, for: spec)
            supplied[name] = (value, .option("--param \(name)"))
        }
        return try RunParameters.resolve(supplied, for: spec)
    }
}
