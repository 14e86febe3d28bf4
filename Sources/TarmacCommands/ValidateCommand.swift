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

    @Option(name: .customLong("cluster-version"),
            help: "The KFP backend release X.Y that --cluster-compat judges against (default: the config file's cluster-version, else \(ClusterVersion.newestKnown)).")
    var clusterVersion: String?

    @Flag(help: "Print one JSON document on stdout (every file, its errors and warnings), as in docs/json-schemas.md.")
    var json = false

    func run() throws {
        let version = try Self.version(clusterVersion)
        var failed = false
        var document = ValidateJSON()
        for path in pipelines {
            do {
                let file = try PipelineFile.load(PythonPipeline.yamlPath(for: path, compilingInto: PythonPipeline.scratchDirectory))
                let counts = Self.counts(file.spec)
                let warnings = clusterCompat ? ClusterCompatibility.warnings(file.spec, file: path, version: version) : []
                let sources = [file.path: file.text]
                if json {
                    document.valid(path, spec: file.spec, summary: counts, warnings: ValidateJSON.problems(warnings, sources: sources))
                    continue
                }
                if !quiet { Console.out("\(path): valid (pipeline '\(file.spec.name)', \(Self.summary(counts)))") }
                for warning in warnings { Console.error(ErrorRenderer.render(warning, sources: sources, label: "warning")) }
            } catch let rendered as RenderedErrors {
                failed = true
                if json { document.invalid(path, errors: ValidateJSON.problems(rendered.errors, sources: rendered.sources)) }
                else { Console.error(rendered.text) }
            } catch let error as TarmacError {
                failed = true
                if json { document.invalid(path, errors: ValidateJSON.problems([error], sources: [:])) } else { Console.error(ErrorRenderer.render(error)) }
            }
        }
        if json { Console.out(document.document) }
        if failed { throw CommandExit(code: .invalidInput) }
    }

    /// `--cluster-version`, else the config file's `cluster-version`, else the newest release Tarmac knows.
    private static func version(_ option: String?) throws -> ClusterVersion {
        guard let text = option ?? Config.current.string(.clusterVersion) else { return .newestKnown }
        if let version = ClusterVersion(parsing: text) { return version }
        let wanted = "a KFP backend release X.Y such as \(ClusterVersion.newestKnown)"
        if option != nil { throw ValidationError("--cluster-version must be \(wanted), not '\(text)'") }
        var location: Location?
        if case .file(let path, let line)? = Config.current.fileValue(.clusterVersion)?.source {
            location = .file(path: path, line: line, column: 1)
        }
        throw IRError("cluster-version must be \(wanted), not '\(text)'", at: location)
    }

    /// Task components (leaves) and DAG components of `spec`.
    private static func counts(_ spec: PipelineSpec) -> (tasks: Int, dags: Int) {
        let leaves = spec.components.values.filter { $0.dag == nil }.count
        return (leaves, spec.components.count - leaves)
    }

    private static func summary(_ counts: (tasks: Int, dags: Int)) -> String {
        "\(counts.tasks) task component\(counts.tasks == 1 ? "" : "s"), \(counts.dags) DAG\(counts.dags == 1 ? "" : "s")"
    }
}
