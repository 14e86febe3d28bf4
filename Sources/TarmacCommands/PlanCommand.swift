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

    @Argument(help: "An IR YAML file written by the KFP compiler, or a KFP DSL file (pipeline.py[:function]).")
    var pipeline: String

    @OptionGroup var parameters: ParameterOptions

    @Option(help: "Output format: text, mermaid, dot or json (schema in docs/json-schemas.md).")
    var format: PlanOutputFormat = .text

    @Flag(name: .customLong("show-keys"), help: "Also show each task's key in the IR beside its display name.")
    var showKeys = false

    @Flag(help: "Say which tasks would come from the cache of the store and which would run (runs nothing).")
    var cache = false

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let file = try PipelineFile.load(PythonPipeline.yamlPath(for: pipeline, compilingInto: PythonPipeline.scratchDirectory))
        let values = try parameters.resolve(for: file)
        if cache {
            Console.out(try CachePlan.render(file: file, parameters: values, storeOptions: storeOptions))
            return
        }
        let graph = PlanGraph(spec: file.spec, parameters: values)
        guard let diagram = format.diagram else { Console.out(PlanJSON.render(graph)); return }
        Console.out(PlanRenderer.render(graph, format: diagram, showKeys: showKeys))
    }
}


