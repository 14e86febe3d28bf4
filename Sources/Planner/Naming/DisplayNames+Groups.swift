import Foundation
import PipelineIR

extension DisplayNames {
    /// Longest list literal shown in a loop's name before it is cut.
    public static let itemsLimit = 32

    /// A trigger condition as the DSL wrote it: `inputs.parameter_values['pipelinechannel--measure-length']`
    /// becomes `measure.length` (the producer and output the group's input is bound to), a pipeline
    /// parameter its own name, and the compiler's `int(…)` casts around them go.
    public static func readableCondition(_ condition: String, task: PipelineTaskSpec? = nil, channels: [String: String] = [:]) -> String {
        let reference = #"inputs\.parameter_values\[(?:'([^']*)'|"([^"]*)")\]"#
        var text = condition.replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression)
        for cast in ["int", "float", "double", "string", "bool"] {
            text = text.replacingOccurrences(of: "\(cast)\\((\(reference))\\)", with: "$1", options: .regularExpression)
        }
        guard let expression = try? NSRegularExpression(pattern: reference) else { return text }
        var result = ""
        var position = text.startIndex
        for match in expression.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let whole = Range(match.range, in: text) else { continue }
            let group = match.range(at: 1).location != NSNotFound ? 1 : 2
            let name = Range(match.range(at: group), in: text).map { String(text[$0]) } ?? ""
            result += text[position..<whole.lowerBound] + inputName(name, task: task, channels: channels)
            position = whole.upperBound
        }
        return result + text[position...]
    }

    /// `for item in [1, 2, 3]`, `for item in make-numbers.Output`, `for item in groups`.
    static func loopName(_ iterator: TaskIterator, task: PipelineTaskSpec, channels: [String: String]) -> String {
        switch iterator {
        case .parameter(.raw(let raw), _):
            let items = raw.replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression)
            return "for item in " + (items.count > itemsLimit ? items.prefix(itemsLimit - 2) + "…]" : items)
        case .parameter(.inputParameter(let name), _): return "for item in " + inputName(name, task: task, channels: channels)
        case .artifact(let name, _): return "for item in " + artifactName(name, task: task, channels: channels)
        }
    }

    /// What a group's input parameter is bound to, as a reader names it (`measure.length`, `threshold`);
    /// `channels` names the enclosing DAG's own `pipelinechannel--…` inputs.
    static func inputName(_ name: String, task: PipelineTaskSpec?, channels: [String: String]) -> String {
        switch task?.inputs.parameters[name]?.source {
        case .taskOutputParameter(let producer, let output)?: return "\(producer).\(output)"
        case .componentInputParameter(let outer)?: return channels[outer] ?? stripChannel(outer)
        default: return channels[name] ?? stripChannel(name)
        }
    }

    /// What a group's input artifact is bound to (`make-files.files`, `dataset`).
    static func artifactName(_ name: String, task: PipelineTaskSpec, channels: [String: String]) -> String {
        switch task.inputs.artifacts[name] {
        case .taskOutputArtifact(let producer, let output)?: return "\(producer).\(output)"
        case .componentInputArtifact(let outer)?: return channels[outer] ?? stripChannel(outer)
        default: return channels[name] ?? stripChannel(name)
        }
    }

    /// The readable names of a group body's inputs, from the group task's bindings.
    static func bodyChannels(of task: PipelineTaskSpec, channels: [String: String]) -> [String: String] {
        var result: [String: String] = [:]
        for name in task.inputs.parameters.keys { result[name] = inputName(name, task: task, channels: channels) }
        for name in task.inputs.artifacts.keys { result[name] = artifactName(name, task: task, channels: channels) }
        return result
    }

    /// The compiler's prefix for values passed into a group.
    public static let channelPrefix = "pipelinechannel--"

    /// `pipelinechannel--measure-length` → `measure-length`.
    public static func stripChannel(_ name: String) -> String {
        name.hasPrefix(channelPrefix) ? String(name.dropFirst(channelPrefix.count)) : name
    }
}
