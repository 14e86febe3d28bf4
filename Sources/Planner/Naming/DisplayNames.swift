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

    /// Names from known segments by static key path (a recorded run whose pipeline file is gone uses its records);
    /// siblings that read the same get their key appended, as from the IR.
    public init(segments: [String: String]) {
        var distinct: [String: String] = [:]
        for siblings in Dictionary(grouping: segments, by: { Self.parent(of: $0.key) }).values {
            let counts = Dictionary(siblings.map { ($0.value, 1) }, uniquingKeysWith: +)
            for (path, name) in siblings { distinct[path] = Self.distinct(name, key: Self.lastKey(of: path), counts: counts) }
        }
        self.segments = distinct
    }

    /// The display path of an instance path; unknown segments are shown as their key.
    public func path(of instance: String) -> String {
        parts(of: instance).joined(separator: "/")
    }

    /// The display path, then the path key in parentheses when it reads differently (`is-long/announce (condition-2/announce)`).
    public func titled(_ instance: String) -> String {
        Self.titled(path(of: instance), key: instance)
    }

    /// `display`, then `key` in parentheses when it reads differently: the one rule for naming a task by both.
    public static func titled(_ display: String, key: String) -> String {
        display == key ? display : "\(display) (\(key))"
    }

    /// The display name of an instance's own task (its last segment, with its loop indices; a display name
    /// may itself contain "/").
    public func leaf(of instance: String) -> String {
        parts(of: instance).last ?? ""
    }

    /// One display segment per level of an instance path, the loop indices appended to the last.
    private func parts(of instance: String) -> [String] {
        var staticPath = ""
        var names: [String] = []
        var indices: [String] = []
        for part in instance.split(separator: "/", omittingEmptySubsequences: false) {
            let (key, index) = Self.splitIndex(String(part))
            staticPath = staticPath.isEmpty ? key : staticPath + "/" + key
            names.append(segments[staticPath] ?? key)
            if let index { indices.append(index) }
        }
        guard !indices.isEmpty, let last = names.popLast() else { return names }
        return names + [last + " [" + indices.joined(separator: ", ") + "]"]
    }

    /// `name`, or `name (key)` when a sibling reads the same (`counts`: how many siblings read each name).
    private static func distinct(_ name: String, key: String, counts: [String: Int]) -> String {
        counts[name, default: 0] > 1 && name != key ? "\(name) (\(key))" : name
    }

    /// `a/b/c` → `a/b`; `a` → ``.
    private static func parent(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
    }

    /// `a/b/c` → `c`.
    private static func lastKey(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }

    /// `for-loop-2[3]` → (`for-loop-2`, `3`).
    public static func splitIndex(_ part: String) -> (key: String, index: String?) {
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
        for (key, task) in dag.tasks {
            let path = prefix.isEmpty ? key : prefix + "/" + key
            let condition = task.triggerPolicy?.condition.map { readableCondition($0, task: task, channels: channels) }
            conditions[path] = condition
            names[key] = segment(key: key, task: task, component: spec.component(of: task), channels: channels, condition: condition)
        }
        let counts = Dictionary(names.values.map { ($0, 1) }, uniquingKeysWith: +)
        for (key, name) in names {
            let path = prefix.isEmpty ? key : prefix + "/" + key
            segments[path] = distinct(name, key: key, counts: counts)
            let task = dag.tasks[key]!
            if let body = spec.component(of: task)?.dag {
                collect(body, spec: spec, prefix: path, channels: bodyChannels(of: task, channels: channels), depth: depth + 1,
                        into: &segments, conditions: &conditions)
            }
        }
    }

    /// One task's own name: the user's `taskInfo.name`, else the DSL's words for a group the compiler named.
    /// `condition` is the task's readable trigger condition, made once by the caller.
    private static func segment(key: String, task: PipelineTaskSpec, component: ComponentSpec?,
                                channels: [String: String], condition: String?) -> String {
        guard task.displayName == key, component?.dag != nil else { return task.displayName }
        if let iterator = task.iterator { return loopName(iterator, task: task, channels: channels) }
        if let condition { return "If " + condition }
        return key
    }
}
