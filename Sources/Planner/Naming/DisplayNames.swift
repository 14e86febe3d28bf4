import Foundation
import PipelineIR

/// The names people read for task instances: the one place where a path key
/// (`condition-branches-1/condition-3/announce-2`, `for-loop-2[3]/train`) becomes the user's name
/// (`condition-branches-1/is-medium/announce-2`, `for item in [1, 2, 3]/train [3]`).
///
/// Each segment is the task's `taskInfo.name` (what `set_display_name` or `dsl.If(name=…)` wrote); for a
/// group the compiler named itself it is the DSL's words (`If measure.length > 5`, `for item in xs`,
/// see `DisplayNames+Groups.swift`). Siblings that would read the same get their key appended
/// (`train (train-2)`), and the loop indices of an instance are appended to its last segment
/// (`train [3]`, `add [1, 0]`), so different instances never share a name.
public struct DisplayNames: Sendable, Hashable {
    /// The segment of each task by its static key path (indices removed: `for-loop-2/train`).
    private let segments: [String: String]
    /// Each condition group's trigger condition as the DSL wrote it, by static key path.
    private var conditions: [String: String] = [:]

    /// Names from the pipeline's IR.
    public init(spec: PipelineSpec) {
        var segments: [String: String] = [:]
        var conditions: [String: String] = [:]
        Self.collect(spec.rootDag, spec: spec, prefix: "", channels: [:], depth: 0, into: &segments, conditions: &conditions)
        self.segments = segments
        self.conditions = conditions
    }

    /// Names from known segments by static key path (a recorded run whose pipeline file is gone uses its records).
    public init(segments: [String: String]) {
        self.segments = segments
    }

    /// The display path of an instance path; unknown segments are shown as their key.
    public func path(of instance: String) -> String {
        var staticPath = ""
        var names: [String] = []
        var indices: [String] = []
        for part in instance.split(separator: "/", omittingEmptySubsequences: false) {
            let (key, index) = Self.splitIndex(String(part))
            staticPath = staticPath.isEmpty ? key : staticPath + "/" + key
            names.append(segments[staticPath] ?? key)
            if let index { indices.append(index) }
        }
        guard !indices.isEmpty, let last = names.popLast() else { return names.joined(separator: "/") }
        return (names + [last + " [" + indices.joined(separator: ", ") + "]"]).joined(separator: "/")
    }

    /// The display path, then the path key in parentheses when it reads differently (`is-long/announce (condition-2/announce)`).
    public func titled(_ instance: String) -> String {
        let display = path(of: instance)
        return display == instance ? display : "\(display) (\(instance))"
    }

    /// The display name of an instance's own task (its last segment, with its loop indices).
    public func leaf(of instance: String) -> String {
        let display = path(of: instance)
        guard let slash = display.lastIndex(of: "/") else { return display }
        return String(display[display.index(after: slash)...])
    }

    /// `for-loop-2[3]` → (`for-loop-2`, `3`).
    static func splitIndex(_ part: String) -> (key: String, index: String?) {
        guard part.hasSuffix("]"), let open = part.lastIndex(of: "[") else { return (part, nil) }
        return (String(part[..<open]), String(part[part.index(after: open)..<part.index(before: part.endIndex)]))
    }

    /// Static key path with the loop indices removed (`for-loop-2[3]/train` → `for-loop-2/train`).
    public static func staticPath(of instance: String) -> String {
        instance.split(separator: "/", omittingEmptySubsequences: false).map { splitIndex(String($0)).key }.joined(separator: "/")
    }

    /// The readable trigger condition of the task at a static key path (`measure.length > long_after`).
    public func condition(at staticPath: String) -> String? { conditions[staticPath] }

    private static func collect(_ dag: DagSpec, spec: PipelineSpec, prefix: String, channels: [String: String], depth: Int,
                                into segments: inout [String: String], conditions: inout [String: String]) {
        guard depth < 64 else { return }
        var names: [String: String] = [:]
        for (key, task) in dag.tasks { names[key] = segment(key: key, task: task, component: spec.component(of: task), channels: channels) }
        let counts = Dictionary(names.values.map { ($0, 1) }, uniquingKeysWith: +)
        for (key, name) in names {
            let path = prefix.isEmpty ? key : prefix + "/" + key
            segments[path] = counts[name, default: 0] > 1 && name != key ? "\(name) (\(key))" : name
            let task = dag.tasks[key]!
            if let condition = task.triggerPolicy?.condition {
                conditions[path] = readableCondition(condition, task: task, channels: channels)
            }
            if let body = spec.component(of: task)?.dag {
                collect(body, spec: spec, prefix: path, channels: bodyChannels(of: task, channels: channels), depth: depth + 1,
                        into: &segments, conditions: &conditions)
            }
        }
    }

    /// One task's own name: the user's `taskInfo.name`, else the DSL's words for a group the compiler named.
    public static func segment(key: String, task: PipelineTaskSpec, component: ComponentSpec?,
                               channels: [String: String] = [:]) -> String {
        guard task.displayName == key, component?.dag != nil else { return task.displayName }
        if let iterator = task.iterator { return loopName(iterator, task: task, channels: channels) }
        if let condition = task.triggerPolicy?.condition {
            return "If " + readableCondition(condition, task: task, channels: channels)
        }
        return key
    }
}
