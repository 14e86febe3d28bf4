import Basics
import Foundation
import PipelineIR
import Planner
import RunDatabase

extension RecordedRun {
    /// The names people read for this run's tasks: from its pipeline's IR while that still parses, else the
    /// `taskInfo.name` each task was recorded with.
    public var displayNames: DisplayNames {
        Self.names(of: tasks, spec: spec)
    }

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
        let byID = Dictionary(artifacts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var read: [String: [String]] = [:]
        for use in uses where use.consumerTask == task.name {
            let source = byID[use.artifactID].map { "\(names.path(of: $0.producerTask)).\($0.outputKey)" } ?? use.artifactID
            read[DisplayNames.stripChannel(use.inputKey), default: []].append(source)
        }
        for (name, sources) in read {
            result[name] = sources.count == 1 ? .string(sources[0]) : .array(sources.sorted().map(JSONValue.string))
        }
        return result
    }
}
