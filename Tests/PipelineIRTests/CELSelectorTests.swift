import Basics
import Testing
@testable import PipelineIR

func select(_ text: String, on value: JSONValue) throws -> JSONValue {
    try CELEvaluator.evaluateSelector(CELParser.parse(text), on: value)
}

func selectorError(_ text: String, on value: JSONValue) throws -> String? {
    let expression = try CELParser.parse(text)
    do {
        _ = try CELEvaluator.evaluateSelector(expression, on: value)
        return nil
    } catch {
        return error.description
    }
}

@Test func selectorOnStructValue() throws {
    let value: JSONValue = ["a": 1, "b": ["c": "d"], "e": [true, nil]]
    #expect(try select("parseJson(string_value)[\"a\"]", on: value) == .number(1))
    #expect(try select("parseJson(string_value)[\"b\"]", on: value) == ["c": "d"])
    #expect(try select("parseJson(string_value)['e'][1]", on: value) == .null)
    #expect(try select("struct_value['b'].c", on: value) == "d")
}

@Test func selectorOnListValue() throws {
    let value: JSONValue = [10, "x", ["k": 2]]
    #expect(try select("parseJson(string_value)[0]", on: value) == .number(10))
    #expect(try select("parseJson(string_value)[2]['k']", on: value) == .number(2))
    #expect(try select("list_value[1]", on: value) == "x")
    #expect(try select("size(list_value)", on: value) == .number(3))
}

@Test func selectorOnStringHoldingJSON() throws {
    let value: JSONValue = "{\"a\": {\"n\": 1.5}, \"b\": \"text\"}"
    #expect(try select("parseJson(string_value)[\"a\"]", on: value) == ["n": 1.5])
    #expect(try select("parseJson(string_value)[\"b\"]", on: value) == "text")
    #expect(try select("string_value", on: value) == value)
}

@Test func selectorOnScalars() throws {
    #expect(try select("string_value", on: 3) == "3")
    #expect(try select("number_value + 1.0", on: 3) == .number(4))
    #expect(try select("int(number_value)", on: 2.9) == .number(2))
    #expect(try select("bool_value", on: true) == .bool(true))
    #expect(try select("string_value", on: true) == "true")
    #expect(try select("null_value", on: nil) == .null)
    #expect(try select("string_value", on: nil) == "")
}

@Test func selectorMissingKey() throws {
    #expect(try selectorError("parseJson(string_value)[\"z\"]", on: ["a": 1]) == "no such key: 'z' at offset 23")
}

@Test(arguments: [
    ("number_value", "no such attribute: 'number_value' is not set at offset 0"),
    ("inputs", "undeclared reference to 'inputs' at offset 0"),
    ("parseJson(string_value)", "parseJson() cannot parse its argument: invalid literal at JSON offset 1 at offset 0"),
    ("double('NaN')", "selector result contains NaN or an infinity, which JSON cannot represent at offset 0"),
])
func selectorErrors(_ text: String, _ expected: String) throws {
    #expect(try selectorError(text, on: "not json") == expected)
}
