import ArgumentParser
import Basics
import Dispatch
import Engine
import Foundation
import PipelineIR
import Planner
import RunDatabase
import Runners

/// `tarmac run PIPELINE.yaml [options]`
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a compiled pipeline on this machine, every task in its image or as a local process.",
        discussion: """
            With --runner auto (the default) tasks run in their images through podman or docker when one works, \
            else as subprocesses on the host. On the host, Lightweight Python components run in a virtual environment \
            per distinct set of packages, created once under the store and reused. Exit status: 0 when the run \
            succeeds, 1 when it fails, 65 for invalid input.
            """
    )

    @Argument(help: "An IR YAML file written by the KFP compiler, or a KFP DSL file (pipeline.py[:function]) to compile first.")
    var pipeline: String

    @OptionGroup(title: "Inputs") var inputs: RunInputOptions
    @OptionGroup(title: "Where tasks run") var placement: RunPlacementOptions
    @OptionGroup(title: "Cache") var cacheOptions: CacheOptions
    @OptionGroup(title: "Output") var output: RunOutputOptions
    @OptionGroup(title: "Debugging") var debugging: RunDebugOptions

    @Flag(name: .customLong("show-keys"), help: "Name tasks by their path keys in the IR (condition-1/train) instead of their display names.")
    var showKeys = false

    func run() throws {
        let compiled = try PythonPipeline.yamlPath(for: pipeline, compilingInto: storeOptions.directory + "/pipelines")
        let file = try PipelineFile.load(compiled)
        let values = try parameters.resolve(for: file)
        try checkLimits()
        let names = DisplayNames(spec: file.spec)
        let artifacts = try parsedArtifacts()
        let mappings = try uriMappings()
        let store = try storeOptions.openSound()
        let events = ConsoleEvents(settings: .detect(quiet: quiet || json, verbose: verbose),
                                   names: showKeys ? nil : names, census: TaskCensus(spec: file.spec))
        let (runner, containers) = try containerOptions.withConfig(Config.current).makeRunner(lineHandler: { line in events.taskOutputLine(line) },
                                                                   notice: { Console.error($0) })
        let options = try runOptions(for: file.spec, containers: containers, uriMap: mappings) {
            // Checked as the run starts, where the engine checked them: the live view is closed first, as for any error of the run.
            do { return try RootArtifacts.resolve(artifacts, for: file.spec) } catch { events.finish(); throw error }
        }
        // A Python source is the run's file (recorded, and where relative importer URIs resolve), not its compiled YAML.
        let runnerOfRun = PipelineRunner(spec: file.spec, pipelineFile: absolute(PythonPipeline.split(pipeline)?.source ?? file.path),
                                         parameters: values, options: options,
                                         store: store, runner: runner, sink: events)
        events.runID = runnerOfRun.runID
        events.proxyAdvice = ProxyAdvice.Context(options: containers, hostEnvironment: ProcessInfo.processInfo.environment)
        let interrupts = InterruptHandler(announce: { events.notice($0) }, forceKill: { runner.killAll() }) { runnerOfRun.cancel() }
        BrokenOutput.arm { runnerOfRun.cancel() }
        defer { BrokenOutput.disarm() }
        // What left a task's group, session and marker and moved out of its directory: every such orphan of this
        // process is the run's only when this process is tarmac (not a test process hosting other work).
        defer { if ProcessInfo.processInfo.processName == "tarmac" { Descendants.killEscaped() } }
        let summary: RunSummary
        do {
            summary = try runnerOfRun.run()
        } catch {
            events.finish()
            throw error
        }
        events.finish()
        interrupts.stop()
        if let junitFile { try ReportFiles.writeJUnit(runID: summary.runID, store: store, to: absolute(junitFile)) }
        if json { Console.out(RunJSON.render(summary, names: names)) }
        if cacheOptions.explain { Console.error(try CacheExplanation.explain(run: try store.run(id: runnerOfRun.runID), store: store)) }
        Console.error(RunClosing.lines(summary, quiet: quiet,
                                        names: showKeys ? nil : names).joined(separator: "\n"))
        store.closeRememberingSoundness()
        switch summary.state {
        case .succeeded: return
        case .failed, .running: throw CommandExit(code: .taskFailed)  // a summary is never RUNNING
        case .canceled, .interrupted: throw CommandExit(code: .interrupted)
        }
    }
}
