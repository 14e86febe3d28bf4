import ArgumentParser
import Basics
import PipelineIR

/// `tarmac validate PIPELINE.yaml...`
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check compiled pipelines (IR YAML) for errors, with the location of each.",
        discussion: "Exit status: 0 when every file is valid, 65 when any is not."
    )

    @Argument(help: "IR YAML files written by the KFP compiler, or KFP DSL files (pipeline.py[:function]) to compile first.")
    var pipelines: [String]

    @Flag(name: .shortAndLong, help: "Print nothing for valid files.")
    var quiet = false

    @Flag(name: .customLong("cluster-compat"), help: "Also warn about each construct the KFP backend would not run as Tarmac does.")
    var clusterCompat = false

    func run() throws {
        var failed = false
        for path in pipelines {
            do {
                let file = try PipelineFile.load(PythonPipeline.yamlPath(for: path, compilingInto: PythonPipeline.scratchDirectory))
                if !quiet { Console.out("\(path): valid (pipeline '\(file.spec.name)', \(summary(file.spec)))") }
                if clusterCompat {
                    for warning in ClusterCompatibility.warnings(file.spec, file: path) {
                        Console.error(ErrorRenderer.render(warning, sources: [file.path: file.text], label: "warning"))
                    }
                }
            } catch let rendered as RenderedErrors {
                Console.error(rendered.text)
                failed = true
            } catch let error as TarmacError {
                Console.error(ErrorRenderer.render(error))
                failed = true
            }
        }
        if failed { throw CommandExit(code: .invalidInput) }
    }

    private func summary(_ spec: PipelineSpec) -> String {
        let leaves = spec.components.values.filter { $0.dag == nil }.count
        let groups = spec.components.count - leaves
        return "\(leaves) task component\(leaves == 1 ? "" : "s"), \(groups) DAG\(groups == 1 ? "" : "s")"
    }
}
