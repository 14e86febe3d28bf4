import Basics
import Foundation
import PipelineIR
import Planner
import RunDatabase

extension RecordedRun {
    /// Display names for `tasks`, from the pipeline file they ran (when it still parses) or their records.
    public static func names(of tasks: [TaskRecord], pipelineFile: String) -> DisplayNames {
        names(of: tasks, spec: loadSpec(pipelineFile))
    }

    static func names(of tasks: [TaskRecord], spec: PipelineSpec?) -> DisplayNames {
        if let spec { return DisplayNames(spec: spec) }
        var segments: [String: String] = [:]
        for task in tasks { segments[DisplayNames.staticPath(of: task.name)] = task.displayName }
        return DisplayNames(segments: segments)
    }

    /// What a task read, by its component's input names: parameter values, and each input artifact as the
    /// `producer.output` it came from (its URI when the producer is not in this run, e.g. an importer's file).
    /// A group's inputs lose the compiler's `pipelinechannel--` prefix.
    public func inputs(of task: TaskRecord, names: DisplayNames) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for (name, value) in (try? JSONValue.parse(task.inputsJSON))?.objectValue ?? [:] {
            result[DisplayNames.stripChannel(name)] = value
        }
        var read: [String: [String]] = [:]
        for use in usesByConsumer[task.name] ?? [] {
            let source = artifactsByID[use.artifactID].map { "\(names.path(of: $0.producerTask)).\($0.outputKey)" } ?? use.artifactID
            read[DisplayNames.stripChannel(use.inputKey), default: []].append(source)
        }
        for (name, sources) in read {
            result[name] = sources.count == 1 ? .string(sources[0]) : .array(sources.sorted().map(JSONValue.string))
        }
        return result
    }
}
