import ArgumentParser
import Basics
import Foundation
import PipelineIR
import Planner

/// `--param` and `--params-file`, shared by every command that takes run parameters.
struct ParameterOptions: ParsableArguments {
    @Option(name: .customLong("param"), help: ArgumentHelp("A run parameter; the value is JSON unless the parameter is a STRING.", valueName: "NAME=VALUE"))
    var params: [String] = []

    @Option(name: .customLong("params-file"), help: ArgumentHelp("A JSON or YAML object of run parameters (--param wins).", valueName: "FILE"))
    var paramsFile: String?

    /// The checked and completed run parameters for `pipeline`.
    func resolve(for pipeline: PipelineFile) throws -> RunParameters {
        var supplied: [String: (JSONValue, RunParameters.Source)] = [:]
        var sources = [pipeline.path: pipeline.text]
        if let paramsFile {
            let text = try readText(paramsFile, what: "params file")
            sources[paramsFile] = text
            let documents = try YAMLLoader.loadDocuments(text, file: paramsFile)
            let members = try RunParameters.parseFile(documents.first ?? .object([:]), path: paramsFile)
            for (name, value) in members { supplied[name] = (value, .file(paramsFile)) }
        }
        for option in params {
            guard let (name, value) = RunParameters.parseOption(option, for: pipeline.spec) else {
                throw UsageError("--param expects NAME=VALUE, got '\(option)'", hint: "for example --param learning_rate=0.01")
            }
            supplied[name] = (value, .option("--param \(name)"))
        }
        do {
            return try RunParameters.resolve(supplied, for: pipeline.spec, file: pipeline.path, names: .commandLine)
        } catch {
            throw RenderedErrors(errors: error.errors, sources: sources)
        }
    }
}

/// A mistake in how the command was called (exit 2).
struct UsageError: TarmacError {
    let message: String
    let hint: String?

    init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    var location: Location? { nil }
    var exitCode: Basics.ExitCode { .usage }
}
