import ArgumentParser
import Basics
import ClusterAPI
import Foundation
import PipelineIR
import Planner

/// `tarmac submit PIPELINE --host URL`: checks the pipeline as `validate --cluster-compat` does, then creates the
/// run through the KFP REST API exactly as `kfp.Client().create_run_from_pipeline_package` does.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Create a run of a pipeline on a Kubeflow Pipelines cluster (KFP REST API v2beta1), as kfp.Client does.",
        discussion: """
            The pipeline is validated first (errors stop the submission; cluster-compatibility warnings are printed). \
            The experiment (--experiment, default 'Default') is looked up by name and created when missing. Prints the run \
            id and its UI link. With --watch, follows the run as `tarmac watch` does. Exit status: 0 when the run is \
            created (with --watch: when it SUCCEEDED), 1 when it FAILED or was CANCELED, 2 for a usage error, 65 for \
            an invalid pipeline or a request the API rejected, 74 when the API cannot be reached or refuses the \
            credentials, 130 when interrupted.
            """
    )

    @Argument(help: "An IR YAML file written by the KFP compiler, or a KFP DSL file (pipeline.py[:function]) to compile first.")
    var pipeline: String

    @OptionGroup(title: "Inputs") var parameters: ParameterOptions
    @OptionGroup(title: "Cluster") var cluster: ClusterOptions

    @Option(name: .customLong("run-name"), help: ArgumentHelp("The run's name (default: the file's name and the time, as the SDK names it).", valueName: "NAME"))
    var runName: String?

    @Option(help: ArgumentHelp("The experiment, looked up by name and created if missing (default: $KF_PIPELINES_DEFAULT_EXPERIMENT_NAME, else Default).", valueName: "NAME"))
    var experiment: String?

    @Option(help: ArgumentHelp("The Kubernetes namespace of a multi-user deployment (where the experiment is looked up and created).", valueName: "NAMESPACE"))
    var namespace: String?

    @Option(name: .customLong("pipeline-root"), help: ArgumentHelp("Where the run's outputs go on the cluster (default: the deployment's).", valueName: "URI"))
    var pipelineRoot: String?

    @Option(name: .customLong("service-account"), help: ArgumentHelp("The Kubernetes service account the run's pods use.", valueName: "NAME"))
    var serviceAccount: String?

    @Option(help: ArgumentHelp("Upload the pipeline to the cluster as NAME (a new version when NAME exists, as kfp.Client's "
                               + "upload_pipeline_version) and run that version, instead of sending the spec with the run.", valueName: "NAME"))
    var upload: String?

    @Option(name: .customLong("version-name"), help: ArgumentHelp("With --upload, the new version's name when the pipeline exists "
                                                                  + "(default: the pipeline name and the time).", valueName: "NAME"))
    var versionName: String?

    @Flag(help: "Follow the run until it ends, as `tarmac watch` does, and exit with its state's code.")
    var watch = false

    @OptionGroup(title: "With --watch") var watching: WatchOptions

    @Flag(help: "Print one JSON document on stdout (the run, and with --watch its end state and tasks).")
    var json = false

    @Flag(name: .shortAndLong, help: "Print only the run id and link, and with --watch only failures.")
    var quiet = false

    func run() throws {
        if versionName != nil, upload == nil { throw UsageError("--version-name needs --upload NAME") }
        let host = try cluster.resolvedHost()
        let credentials = try cluster.credentials()
        let compiled = try PythonPipeline.yamlPath(for: pipeline, compilingInto: PythonPipeline.scratchDirectory)
        let file = try PipelineFile.load(compiled)
        for warning in ClusterCompatibility.warnings(file.spec, file: file.path) {
            Console.error(ErrorRenderer.render(warning, sources: [file.path: file.text], label: "warning"))
        }
        let values = try parameters.resolve(for: file)
        let documents = try YAMLLoader.loadDocuments(file.text, file: file.path)
        let client = try cluster.makeClient(host: host, credentials: credentials)
        defer { client.shutdown() }
        let uploaded = try upload.map {
            try SubmitUpload.upload(path: file.path, name: $0, versionName: versionName ?? Self.defaultRunName($0),
                                    namespace: namespace, client: client, quiet: quiet || json)
        }
        let found = try SubmitExperiment.findOrCreate(name: experimentName, namespace: namespace, client: client, quiet: quiet || json)
        // The SDK names a run after the package file (create_run_from_pipeline_package) or, for a pipeline
        // function, after the pipeline (create_run_from_pipeline_func).
        let named = PythonPipeline.split(pipeline) == nil ? (file.path as NSString).lastPathComponent : file.spec.name
        let config = RuntimeConfig(parameters: values.values.filter { values.supplied.contains($0.key) }, pipelineRoot: pipelineRoot)
        let displayName = runName ?? Self.defaultRunName(named)
        let body = if let uploaded {
            NewRun(displayName: displayName, experimentID: found.experimentID, version: uploaded.version.reference,
                   runtimeConfig: config, serviceAccount: serviceAccount)
        } else {
            NewRun(displayName: displayName, experimentID: found.experimentID, pipelineSpec: NewRun.pipelineSpec(documents: documents),
                   runtimeConfig: config, serviceAccount: serviceAccount)
        }
        let created = try client.call(Endpoints.createRun(body), as: Run.self)
        let link = host.runLink(created.runID)
        if !watch {
            if json { Console.out(SubmitJSON.render(created, link: link, experiment: found, final: nil, version: uploaded?.version)) }
            else { Console.out("run \(created.runID)  \(link)") }
            return
        }
        if !json { Console.error("tarmac: submitted run \(created.runID)  \(link)") }
        let watcher = RemoteWatcher(client: client, runID: created.runID, options: watching, quiet: quiet || json,
                                    names: DisplayNames(spec: file.spec))
        let final = try watcher.follow()
        if json { Console.out(SubmitJSON.render(created, link: link, experiment: found, final: final, version: uploaded?.version)) }
        try watcher.finish(final)
    }

    /// The experiment as the SDK picks it: `--experiment`, else `$KF_PIPELINES_DEFAULT_EXPERIMENT_NAME`, else
    /// `Default`; `$KF_PIPELINES_OVERRIDE_EXPERIMENT_NAME` overrides it.
    var experimentName: String {
        let environment = ProcessInfo.processInfo.environment
        let chosen = experiment ?? environment["KF_PIPELINES_DEFAULT_EXPERIMENT_NAME"]
        return environment["KF_PIPELINES_OVERRIDE_EXPERIMENT_NAME"] ?? chosen ?? "Default"
    }

    /// `<name> <YYYY-mm-dd HH-MM-SS>`, the SDK's default run name.
    static func defaultRunName(_ name: String, now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH-mm-ss"
        return name + " " + formatter.string(from: now)
    }
}

/// The experiment lookup of `kfp.Client.create_experiment`: list by display name (in the namespace), create if none.
enum SubmitExperiment {
    /// The experiment named `name`, created when missing. Without `--namespace` the SDK sends an empty one, and so does this.
    static func findOrCreate(name: String, namespace: String?, client: ClusterClient, quiet: Bool) throws -> Experiment {
        let namespaceSent = namespace ?? ""
        let list = try client.call(Endpoints.findExperiment(named: name, namespace: namespaceSent), as: ExperimentList.self)
        let matches = list.experiments ?? []
        if matches.count > 1 {
            throw UsageError("\(matches.count) experiments are named '\(name)' on \(client.host.authority)",
                             hint: "rename one in the KFP UI, or pass another --experiment")
        }
        if let existing = matches.first { return existing }
        let created = try client.call(Endpoints.createExperiment(NewExperiment(displayName: name, namespace: namespaceSent)),
                                      as: Experiment.self)
        if !quiet { Console.error("tarmac: created experiment '\(name)'  \(client.host.experimentLink(created.experimentID))") }
        return created
    }
}
