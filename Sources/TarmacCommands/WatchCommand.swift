import ArgumentParser
import Basics
import ClusterAPI
import Foundation

/// `tarmac watch RUN --host URL`: follows a run on a KFP cluster with the same lines and exit codes as `tarmac run`.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow a run on a Kubeflow Pipelines cluster until it ends, with the progress lines and exit codes of `tarmac run`.",
        discussion: """
            Polls GET /apis/v2beta1/runs/RUN (every second at first, backing off to --poll-interval). Ctrl-C stops \
            watching and leaves the run alone unless --cancel-on-interrupt. Exit status: 0 when the run SUCCEEDED, \
            1 when it FAILED, was CANCELED or SKIPPED, or --timeout passed first; 2 for a usage error, 65 for an \
            unknown run, 74 when the API cannot be reached or refuses the credentials, 130 when interrupted.
            """
    )

    @Argument(help: ArgumentHelp("The run's id (as `tarmac submit` prints it).", valueName: "RUN"))
    var runID: String

    @OptionGroup(title: "Cluster") var cluster: ClusterOptions
    @OptionGroup(title: "Watching") var watching: WatchOptions

    @Flag(help: "Print one JSON document on stdout when the run ends (its state and tasks).")
    var json = false

    @Flag(name: .shortAndLong, help: "Print only failures.")
    var quiet = false

    func run() throws {
        let client = try cluster.makeClient()
        defer { client.shutdown() }
        let watcher = RemoteWatcher(client: client, runID: runID, options: watching, quiet: quiet || json, names: nil)
        let final = try watcher.follow()
        if json { Console.out(SubmitJSON.render(final, link: client.host.runLink(final.runID), experiment: nil, final: final)) }
        try watcher.finish(final)
    }
}

/// `--timeout`, `--junit`, `--cancel-on-interrupt`, `--poll-interval`: how `watch` and `submit --watch` follow a run.
struct WatchOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Stop watching after SECONDS (exit 1; the run goes on on the cluster).", valueName: "SECONDS"))
    var timeout: Double?

    @Option(help: ArgumentHelp("Write a JUnit XML report of the run's tasks to FILE when it ends.", valueName: "FILE"))
    var junit: String?

    @Flag(name: .customLong("cancel-on-interrupt"), help: "On Ctrl-C, also ask the cluster to terminate the run (POST …/runs/RUN:terminate).")
    var cancelOnInterrupt = false

    @Option(name: .customLong("poll-interval"), help: ArgumentHelp("The longest wait between two polls, in seconds (default 5).", valueName: "SECONDS"))
    var pollInterval: Double = 5

    func validate() throws {
        if let timeout, !(timeout > 0 && timeout.isFinite) { throw UsageError("--timeout must be a positive number of seconds, got \(timeout)") }
        if !(pollInterval > 0 && pollInterval.isFinite) { throw UsageError("--poll-interval must be a positive number of seconds, got \(pollInterval)") }
    }
}
