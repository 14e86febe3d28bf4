import ArgumentParser
import Foundation

// The option groups of `tarmac run --help` (inputs, where tasks run, cache, output, debugging). RunCommand
// reads them through the accessors at the end of this file, under the names they had before the grouping.

/// Inputs: run parameters, input artifacts, importer URI mappings.
struct RunInputOptions: ParsableArguments {
    @OptionGroup var parameters: ParameterOptions

    @Option(name: .customLong("artifact"), help: ArgumentHelp("An input artifact of the pipeline itself.", valueName: "NAME=PATH"))
    var artifacts: [String] = []

    @Option(name: .customLong("uri-map"), help: ArgumentHelp("Map a remote URI prefix to a local directory for importers (repeatable).", valueName: "PREFIX=DIR"))
    var uriMap: [String] = []
}

/// Where tasks run: runner, container settings, parallelism, time limits.
struct RunPlacementOptions: ParsableArguments {
    @OptionGroup var containerOptions: ContainerRunOptions

    @Option(name: .customLong("max-parallel"), help: ArgumentHelp("Most tasks running at once (default: the number of cores).", valueName: "N"))
    var maxParallelOption: Int?

    @Option(name: .customLong("task-timeout"), help: ArgumentHelp("End a task attempt still running after this many seconds; it fails (default: no limit).", valueName: "SECONDS"))
    var taskTimeout: Double?
}

/// Output: the store, where artifacts go, what is printed and written.
struct RunOutputOptions: ParsableArguments {
    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("pipeline-root"), help: ArgumentHelp("Where artifacts are written (default: <store>/artifacts).", valueName: "DIR"))
    var pipelineRoot: String?

    @Flag(help: "Print one JSON object describing the run on stdout at the end.")
    var json = false

    @Flag(name: .shortAndLong, help: "Print only failures and the result.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Also print every output line of every task, prefixed by the task name.")
    var verbose = false

    @Option(name: .customLong("junit"), help: ArgumentHelp("Also write the result as JUnit XML (one testcase per task).", valueName: "FILE"))
    var junitFile: String?

    @Option(help: ArgumentHelp("File the run under this experiment (see `tarmac runs list --experiment`).", valueName: "NAME"))
    var experiment: String?
}

/// Debugging: partial runs, going on after a failure.
struct RunDebugOptions: ParsableArguments {
    @OptionGroup var selectionOptions: SelectionOptions

    @Flag(name: .customLong("keep-going"), help: "After a failure, let independent tasks still run (the cluster stops scheduling).")
    var keepGoing = false

    @Flag(name: .customLong("keep-volumes"), help: "Keep the volumes kfp-kubernetes DeletePVC tasks would remove (to look inside).")
    var keepVolumes = false
}

extension RunCommand {
    var parameters: ParameterOptions { inputs.parameters }
    var artifacts: [String] { inputs.artifacts }
    var uriMap: [String] { inputs.uriMap }
    var containerOptions: ContainerRunOptions { placement.containerOptions }
    var taskTimeout: Double? { placement.taskTimeout }
    /// `--max-parallel`, else `max-parallel` of the config files, else the number of cores.
    var maxParallel: Int { placement.maxParallelOption ?? Config.current.integer(.maxParallel) ?? ProcessInfo.processInfo.activeProcessorCount }
    var storeOptions: StoreOptions { output.storeOptions }
    var pipelineRoot: String? { output.pipelineRoot }
    var json: Bool { output.json }
    var quiet: Bool { output.quiet }
    var verbose: Bool { output.verbose }
    var junitFile: String? { output.junitFile }
    var experiment: String? { output.experiment }
    var selectionOptions: SelectionOptions { debugging.selectionOptions }
    var keepGoing: Bool { debugging.keepGoing }
    var keepVolumes: Bool { debugging.keepVolumes }
}
