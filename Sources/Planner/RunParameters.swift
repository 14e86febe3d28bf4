import Basics
import PipelineIR

/// Run parameters: what the user supplied, checked against `root.inputDefinitions` like the KFP API server
/// does, then completed with defaults (or null for optional inputs without one).
public struct RunParameters: Sendable, Equatable {
    /// Final values by parameter name (every declared parameter present).
    public let values: [String: JSONValue]
    /// Names whose value came from the user (the rest are defaults or null).
    public let supplied: Set<String>

    /// Where one supplied value came from, for error locations.
    public enum Source: Sendable, Hashable {
        case option(String)  // e.g. "--param lr"
        case file(String)    // the params file path
    }

    /// Checks and completes `supplied` (name → (value, source)). Every problem is reported, not just the first.
    /// `file` is the pipeline's path, used to locate missing parameters; `names` spells options in hints.
    public static func resolve(_ supplied: [String: (JSONValue, Source)], for spec: PipelineSpec,
                               file: String? = nil, names: OptionNames = .keys) throws(IRErrors) -> RunParameters {
        let declared = spec.root.inputDefinitions.parameters
        var errors: [IRError] = []
        var values: [String: JSONValue] = [:]
        for name in supplied.keys.sorted() {
            let (value, source) = supplied[name]!
            let location = Self.location(source, name: name)
            guard let parameter = declared[name] else {
                let known = declared.keys.sorted().joined(separator: ", ")
                errors.append(IRError("unknown run parameter '\(name)'", at: location,
                                      hint: known.isEmpty ? "this pipeline takes no parameters" : "parameters: \(known)"))
                continue
            }
            if let problem = check(value, against: parameter) {
                errors.append(IRError("run parameter '\(name)' \(problem)", at: location))
                continue
            }
            values[name] = value
        }
        for name in declared.keys.sorted() where values[name] == nil && supplied[name] == nil {
            let parameter = declared[name]!
            if let value = parameter.defaultValue {
                values[name] = value
            } else if parameter.isOptional {
                values[name] = .null
            } else {
                errors.append(IRError("missing required run parameter '\(name)' (\(parameter.parameterType.rawValue))",
                                      at: .ir(file: file, path: IRPath("root").field("inputDefinitions").field("parameters").key(name)),
                                      hint: "pass it with \(names(.param)) \(name)=VALUE or in \(names(.paramsFile))"))
            }
        }
        guard errors.isEmpty else { throw IRErrors(errors) }
        return RunParameters(values: values, supplied: Set(supplied.keys))
    }

    private static func location(_ source: Source, name: String) -> Location {
        switch source {
        case .option(let option): return .option(option)
        case .file(let path): return .ir(file: path, path: IRPath(name))
        }
    }

    /// Why `value` does not fit `parameter`, or nil when it does.
    static func check(_ value: JSONValue, against parameter: ParameterSpec) -> String? {
        let type = parameter.parameterType
        if value.isNull { return parameter.isOptional ? nil : "may not be null (\(type.rawValue))" }
        switch type {
        case .taskFinalStatus, .taskConfig, .unspecified:
            return "has type \(type.rawValue), which cannot be set for a run"
        default:
            break
        }
        if type == .numberInteger, case .number(let n) = value, n != n.rounded() {
            return "must be an integer, got \(JSONValue.formatNumber(n))"
        }
        if !type.accepts(value) {
            return "must be a \(type.jsonKindName) (\(type.rawValue)), got a \(value.kindName): \(value.canonicalJSON)"
        }
        if let literals = parameter.literals, !literals.contains(value) {
            return "must be one of " + literals.map(\.canonicalJSON).joined(separator: ", ")
        }
        return nil
    }
}
