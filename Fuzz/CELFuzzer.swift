import Basics
import PipelineIR

/// libFuzzer entry for the condition language: parse the input as a CEL expression, then evaluate it as a
/// `triggerPolicy.condition` and as a `parameterExpressionSelector` over a few fixed values.
@_cdecl("LLVMFuzzerTestOneInput")
public func celFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    guard let expression = try? CELParser.parse(text) else { return 0 }
    let parameters: [String: JSONValue] = [
        "x": .number(3), "s": .string("a"), "b": .bool(true), "n": .null, "l": .array([.number(1), .string("2")]),
        "m": .object(["k": .number(-1.5), "j": .string("{\"a\": [1]}")]), "big": .number(9.3e18),
        "pipelinechannel--flip-coin-Output": .string("heads"),
    ]
    _ = try? CELEvaluator.evaluateCondition(expression, parameterValues: parameters)
    for value in parameters.values { _ = try? CELEvaluator.evaluateSelector(expression, on: value) }
    return 0
}
