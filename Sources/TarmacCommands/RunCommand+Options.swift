import Basics
import Engine
import Foundation
import PipelineIR
import Planner

// `tarmac run`'s options resolved into the engine's `RunOptions`: checked here once, every path made absolute, so the
// engine receives values it can use as they are. The checks run in the order `run()` has always made them.
extension RunCommand {
    /// `--max-parallel` and `--task-timeout`, checked before the store is opened.
    func checkLimits() throws {
        guard maxParallel >= 1 else { throw UsageError("--max-parallel must be at least 1") }
        if let taskTimeout, !(taskTimeout > 0 && taskTimeout.isFinite) {
            throw UsageError("--task-timeout must be a positive number of seconds, got \(taskTimeout)")
        }
    }

    /// `--artifact NAME=PATH` by name, the paths as given.
    func parsedArtifacts() throws -> [String: String] {
        var result: [String: String] = [:]
        for option in artifacts {
            guard let eq = option.firstIndex(of: "="), eq != option.startIndex else {
                throw UsageError("--artifact expects NAME=PATH, got '\(option)'")
            }
            result[String(option[..<eq])] = String(option[option.index(after: eq)...])
        }
        return result
    }

    /// `--uri-map PREFIX=DIR` (else `uri-map` of the config files), the directories absolute.
    func uriMappings() throws -> [(prefix: String, directory: String)] {
        var mappings: [(prefix: String, directory: String)] = []
        for option in uriMap.isEmpty ? Config.current.strings(.uriMap) ?? [] : uriMap {
            guard let eq = option.range(of: "=", options: .backwards), eq.lowerBound != option.startIndex else {
                throw UsageError("--uri-map expects PREFIX=DIR, got '\(option)'", hint: "for example --uri-map gs://my-bucket=./data")
            }
            mappings.append((String(option[..<eq.lowerBound]), absolute(String(option[eq.upperBound...]))))
        }
        return mappings
    }

    /// The run's options, built once: cache mode and selection checked, then the root artifacts (`rootArtifacts`,
    /// `RootArtifacts.resolve` as the command calls it).
    func runOptions(for spec: PipelineSpec, containers: ContainerOptions, uriMap: [(prefix: String, directory: String)],
                    rootArtifacts: () throws -> [String: String]) throws -> RunOptions {
        let cache = RunOptions.Cache(mode: try cacheOptions.mode())
        let selection = try selectionOptions.selection(in: spec)
        return RunOptions(
            inputs: .init(rootArtifacts: try rootArtifacts(), uriMap: uriMap),
            placement: .init(maxParallel: maxParallel, keepGoing: keepGoing, taskTimeout: taskTimeout, containers: containers,
                             selection: selection),
            cache: cache,
            output: .init(storeDirectory: storeOptions.directory, pipelineRoot: pipelineRoot.map(absolute), streamLogs: verbose,
                          experiment: experiment, keepVolumes: keepVolumes, optionNames: .commandLine))
    }
}

/// The input artifacts of the root DAG (`--artifact NAME=PATH`) checked against the pipeline's declarations.
enum RootArtifacts {
    /// `given` with every path absolute and standardized; throws for an undeclared name, a path that does not exist,
    /// or a required artifact not given.
    static func resolve(_ given: [String: String], for spec: PipelineSpec) throws -> [String: String] {
        let declared = spec.root.inputDefinitions.artifacts
        var result: [String: String] = [:]
        for (name, path) in given {
            guard declared[name] != nil else {
                throw IRError("the pipeline has no input artifact '\(name)'", at: .option("--artifact \(name)"),
                              hint: declared.isEmpty ? "this pipeline takes no input artifacts"
                                  : "input artifacts: " + declared.keys.sorted().joined(separator: ", "))
            }
            let full = absolute(path)
            guard FileManager.default.fileExists(atPath: full) else {
                throw IRError("no such file or directory: \(path)", at: .option("--artifact \(name)"))
            }
            result[name] = (full as NSString).standardizingPath
        }
        for (name, spec) in declared where result[name] == nil && !spec.isOptional {
            throw IRError("the pipeline needs input artifact '\(name)'", at: .option("--artifact"),
                          hint: "pass it with --artifact \(name)=PATH")
        }
        return result
    }
}
