import Basics
import Foundation

/// The inputs of a task as its command carries them: the JSON after `--executor_input` (Lightweight Python
/// components); empty for commands without one.
struct ExecutorInput {
    var parameters: [String: JSONValue] = [:]
    /// Input artifact name → the URIs of its artifacts.
    var artifacts: [String: [String]] = [:]

    init(command: [String]) {
        guard let flag = command.firstIndex(of: "--executor_input"), flag + 1 < command.count,
              let json = try? JSONValue.parse(command[flag + 1]), let inputs = json["inputs"]?.objectValue else { return }
        parameters = inputs["parameterValues"]?.objectValue ?? [:]
        for (name, list) in inputs["artifacts"]?.objectValue ?? [:] {
            artifacts[name] = (list["artifacts"]?.arrayValue ?? []).compactMap { $0["uri"]?.stringValue }
        }
    }
}
