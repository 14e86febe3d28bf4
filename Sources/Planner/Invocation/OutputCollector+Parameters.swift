import Basics
import PipelineIR

extension OutputCollector {
    /// One output parameter: the executor output's value if present (kept as is, like the launcher,
    /// with a warning when its kind does not fit), else its file parsed by `type`, else an error.
    func parameter(_ name: String, type: ParameterType, output: ExecutorOutput, fileText: String?,
                   warnings: inout [String]) throws(InvocationError) -> JSONValue {
        if let value = output.parameterValues[name] {
            if !Self.fits(value, type) {
                warnings.append("output parameter '\(name)' is declared \(type.rawValue) but \(ExecutorOutput.fileName) "
                                + "holds \(InputValues.describe(value)); kept as is (the KFP launcher does not check it)")
            }
            return value
        }
        let file = layout.parameterFile(name)
        guard let fileText else {
            throw InvocationError("output parameter '\(name)' was not produced (the component wrote neither "
                                  + "\(ExecutorOutput.fileName) parameterValues['\(name)'] nor \(file))")
        }
        return try Self.parse(fileText, as: type, name: name, file: file)
    }

    /// Whether `value`'s JSON kind is the one `type` declares (integers must be integral).
    static func fits(_ value: JSONValue, _ type: ParameterType) -> Bool {
        type == .unspecified || type.accepts(value)
    }

    /// An output parameter file's text read as `type` (`TextToPbValue`, §4.7 step 6): STRING raw;
    /// NUMBER_INTEGER a base-10 integer of the trimmed text (so "3.0" fails); NUMBER_DOUBLE a finite
    /// float; BOOLEAN Go's `ParseBool` set; LIST/STRUCT JSON of that kind.
    static func parse(_ text: String, as type: ParameterType, name: String, file: String) throws(InvocationError) -> JSONValue {
        let trimmed = trimmingWhitespace(text)
        func fail(_ expected: String) -> InvocationError {
            let shown = trimmed.count > 60 ? String(trimmed.prefix(57)) + "..." : String(trimmed)
            return InvocationError("output parameter '\(name)' (\(type.rawValue)) in \(file) must be \(expected), "
                                   + "got \(trimmed.isEmpty ? "an empty file" : "\"\(shown)\"")")
        }
        switch type {
        case .string, .unspecified:
            return .string(text)
        case .numberInteger:
            guard let n = Int64(String(trimmed)) else { throw fail("a whole number such as 3") }
            return .number(Double(n))
        case .numberDouble:
            guard let n = Double(String(trimmed)), n.isFinite else { throw fail("a finite number such as 0.5") }
            return .number(n)
        case .boolean:
            if ["1", "t", "T", "TRUE", "true", "True"].contains(trimmed) { return .bool(true) }
            if ["0", "f", "F", "FALSE", "false", "False"].contains(trimmed) { return .bool(false) }
            throw fail("a boolean (true/false, True/False, TRUE/FALSE, t/f, 1/0)")
        case .list, .struct, .taskFinalStatus, .taskConfig:
            let expected = type == .list ? "a JSON list" : "a JSON object"
            guard let value = try? JSONValue.parse(text), value.kindName == type.jsonKindName else { throw fail(expected) }
            return value
        }
    }
}

/// `text` without leading and trailing whitespace (Go's `strings.TrimSpace`).
func trimmingWhitespace(_ text: String) -> Substring {
    var rest = Substring(text)
    while let first = rest.first, first.isWhitespace { rest.removeFirst() }
    while let last = rest.last, last.isWhitespace { rest.removeLast() }
    return rest
}
