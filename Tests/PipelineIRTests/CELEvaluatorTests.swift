import Basics
import Foundation
import Testing
@testable import PipelineIR

func condition(_ text: String, _ parameters: [String: JSONValue] = [:]) throws -> Bool {
    try CELEvaluator.evaluateCondition(CELParser.parse(text), parameterValues: parameters)
}

func evaluationError(_ text: String, _ parameters: [String: JSONValue] = [:]) throws -> CELError? {
    let expression = try CELParser.parse(text)
    do {
        _ = try CELEvaluator.evaluateCondition(expression, parameterValues: parameters)
        return nil
    } catch {
        return error
    }
}

func channel(_ name: String) -> String { "pipelinechannel--\(name)" }

@Test(arguments: [
    (0, [channel("flip-Output"): "heads"], true),
    (0, [channel("flip-Output"): "tails"], false),
    (1, [channel("num-Output"): 5, channel("threshold"): 3], true),
    (1, [channel("num-Output"): 3.9, channel("threshold"): 3], false),
    (2, [channel("num-Output"): 2], true),
    (2, [channel("num-Output"): 1.9], false),
    (3, [channel("flag-Output"): true], true),
    (3, [channel("flag-Output"): false], false),
    (4, [channel("on"): false], true),
    (5, [channel("fnum-Output"): 4.4], true),
    (5, [channel("fnum-Output"): 4.5], false),
    (6, [channel("num-Output"): 3, channel("fnum-Output"): 3.0], true),
    (6, [channel("num-Output"): 3.7, channel("fnum-Output"): 3.5], false),
    (7, [channel("flip-Output"): "tails"], true),
    (7, [channel("flip-Output"): "heads"], false),
    (8, [channel("flip-Output"): "edge"], true),
    (8, [channel("flip-Output"): "tails"], false),
] as [(Int, [String: JSONValue], Bool)])
func emittedConditionsEvaluate(_ index: Int, _ parameters: [String: JSONValue], _ expected: Bool) throws {
    #expect(try condition(emittedConditions[index], parameters) == expected)
}

@Test(arguments: [
    "int(2.7) == 2", "int(-2.7) == -2", "int('42') == 42", "int('-7') == -7", "double(3) == 3.0",
    "double('1e-5') == 0.00001", "1 == 1.0", "2 > 1.5", "1.5 < 2", "9007199254740993 > 9007199254740992.0",
    "'1' != 1.0", "null == null", "'a' != null", "'Z' < 'a'", "'é' > 'z'", "'ab' <= 'ab'", "'abc' > 'ab'",
    "false < true", "1 + 2 == 3", "2.5 - 1.0 == 1.5", "'a' + 'b' == 'ab'", "-(1) == -1", "!false",
    "size('héllo') == 5", "string(1.5) == '1.5'", "string(1e6) == '1e+06'", "string(123456.0) == '123456'",
    "string(0.0001) == '0.0001'", "string(0.00001) == '1e-05'", "string(-2.5e-7) == '-2.5e-07'",
    "string(42) == '42'", "!(double('NaN') < 1.0) && !(double('NaN') >= 1.0) && double('NaN') != double('NaN')",
    "inputs.parameter_values.x == 'x' && inputs.parameter_values['l'][1] == 2 && inputs.parameter_values['s'].k",
    "inputs.parameter_values['l'] == inputs.parameter_values['l2']", "size(inputs.parameter_values['s']) == 1",
    "parseJson('{\"a\": [1, 2]}')['a'][0] == 1",
])
func semantics(_ text: String) throws {
    let parameters: [String: JSONValue] = ["x": "x", "l": [1, 2], "l2": [1.0, 2.0], "s": ["k": true]]
    #expect(try condition(text, parameters))
}

@Test(arguments: [
    ("inputs.parameter_values['pipelinechannel--x'] == 'a'", "no such key: 'pipelinechannel--x' at offset 23"),
    ("int('abc') == 1", "int() cannot convert 'abc' at offset 0"),
    ("int('1.5') == 1", "int() cannot convert '1.5' at offset 0"),
    ("int(double('NaN')) == 1", "int() cannot convert NaN at offset 0"),
    ("int(1e19) == 1", "int() cannot convert 1e+19: out of range at offset 0"),
    ("double('1e400') == 1.0", "double() cannot convert '1e400' at offset 0"),
    ("int(true) == 1", "no such overload: int(bool) at offset 0"),
    ("inputs.parameter_values['n']", "condition must evaluate to a bool, got double at offset 23"),
    ("'a' + 'b'", "condition must evaluate to a bool, got string at offset 4"),
    ("!inputs.parameter_values['n']", "no such overload: !double at offset 0"),
    ("'a' < 1", "no such overload: string < int at offset 4"),
    ("null < null", "no such overload: null_type < null_type at offset 5"),
    ("1 + 1.0 == 2.0", "no such overload: int + double at offset 2"),
    ("9223372036854775807 + 1 > 0", "integer overflow at offset 20"),
    ("foo == 1", "undeclared reference to 'foo' at offset 0"),
    ("false && inf > 1.0", "undeclared reference to 'inf' at offset 9"),
    ("bar(1) == 1", "undeclared reference to 'bar' at offset 0"),
    ("int(1, 2) == 1", "found no matching overload for 'int' applied to 2 arguments at offset 0"),
    ("inputs.parameter_values['n'].x", "cannot select field 'x' of a double at offset 28"),
    ("inputs.parameter_values['l'][2] == 1", "index out of range: 2 at offset 28"),
    ("inputs.parameter_values[1] == 1", "no such key: 1 at offset 23"),
    ("parseJson('{') == 1", "parseJson() cannot parse its argument: expected a string key at JSON offset 1 at offset 0"),
])
func evaluationErrorsNameWhatFailed(_ text: String, _ expected: String) throws {
    let parameters: [String: JSONValue] = ["n": 1, "l": [1, 2]]
    #expect(try evaluationError(text, parameters)?.description == expected)
}

@Test func stringsCompareByCodePoint() throws {
    let parameters: [String: JSONValue] = ["nfc": "\u{E9}", "nfd": "e\u{301}"]
    #expect(try condition("inputs.parameter_values['nfc'] != inputs.parameter_values['nfd']", parameters))
    #expect(try condition("inputs.parameter_values['nfc'] > inputs.parameter_values['nfd']", parameters))
}

@Test(arguments: [
    ("false && int('x') == 1", false), ("int('x') == 1 && false", false),
    ("true || inputs.parameter_values['missing']", true), ("inputs.parameter_values['missing'] || true", true),
    ("inputs.parameter_values['n'] && false", false), ("false && inputs.parameter_values['n']", false),
    ("inputs.parameter_values['n'] || true", true),
])
func logicalOperatorsAreCommutativeOverErrors(_ text: String, _ expected: Bool) throws {
    #expect(try condition(text, ["n": 1]) == expected)
}

@Test(arguments: [
    ("true && int('x') == 1", "int() cannot convert 'x' at offset 8"),
    ("int('x') == 1 && true", "int() cannot convert 'x' at offset 0"),
    ("false || inputs.parameter_values['missing']", "no such key: 'missing' at offset 32"),
    ("inputs.parameter_values['n'] && true", "no such overload: && applied to double at offset 29"),
    ("int('x') == 1 || int('y') == 1", "int() cannot convert 'x' at offset 0"),
])
func logicalOperatorsPropagateUndecidedErrors(_ text: String, _ expected: String) throws {
    #expect(try evaluationError(text, ["n": 1])?.description == expected)
}

@Test func deepButLegalExpressionsEvaluate() throws {
    let nots = String(repeating: "!", count: 254) + "true"
    #expect(try condition(nots))
    let parens = String(repeating: "(", count: 255) + "true" + String(repeating: ")", count: 255)
    #expect(try condition(parens))
    let chain = Array(repeating: "!(inputs.parameter_values['x'] == 'a')", count: 5_000).joined(separator: " && ")
    #expect(try condition(chain, ["x": "b"]))
}

/// JSON may nest 512 deep; converting and comparing such values must not recurse.
@Test func deepJSONValuesConvertOnASmallStack() async {
    var built: JSONValue = [1]
    for _ in 0..<511 { built = ["k": [built]] }
    let json = built
    let ok = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
        let thread = Thread {
            let value = CELValue(json)
            let back = value.jsonValue.map(CELValue.init)
            continuation.resume(returning: back.map { CELValue.celEquals(value, $0) } ?? false)
        }
        thread.stackSize = 256 * 1024
        thread.start()
    }
    #expect(ok)
}
