import Foundation
import Testing
@testable import PipelineIR

/// The condition texts of ir-semantics §3.1 and the compiled examples, as the KFP compiler writes them.
let emittedConditions = [
    "inputs.parameter_values['pipelinechannel--flip-Output'] == 'heads'",
    "int(inputs.parameter_values['pipelinechannel--num-Output']) > int(inputs.parameter_values['pipelinechannel--threshold'])",
    "int(inputs.parameter_values['pipelinechannel--num-Output']) >= 2",
    "inputs.parameter_values['pipelinechannel--flag-Output'] == true",
    "inputs.parameter_values['pipelinechannel--on'] == false",
    "inputs.parameter_values['pipelinechannel--fnum-Output'] < 4.5",
    "double(int(inputs.parameter_values['pipelinechannel--num-Output'])) == inputs.parameter_values['pipelinechannel--fnum-Output']",
    "!(inputs.parameter_values['pipelinechannel--flip-Output'] == 'heads') && inputs.parameter_values['pipelinechannel--flip-Output'] == 'tails'",
    "!(inputs.parameter_values['pipelinechannel--flip-Output'] == 'heads') && !(inputs.parameter_values['pipelinechannel--flip-Output'] == 'tails')",
]

func syntaxError(_ text: String) -> CELError? {
    do {
        _ = try CELParser.parse(text)
        return nil
    } catch {
        return error
    }
}

@Test(arguments: emittedConditions)
func emittedConditionParsesAndRoundTrips(_ text: String) throws {
    let expression = try CELParser.parse(text)
    let again = try CELParser.parse(expression.description)
    #expect(again.description == expression.description)
    #expect(!expression.referencedParameters.isEmpty)
}

@Test(arguments: [
    ("a || b && c", "(a || (b && c))"),
    ("a && b || c", "((a && b) || c)"),
    ("a == b && c != d || e", "(((a == b) && (c != d)) || e)"),
    ("a + b < c - d", "((a + b) < (c - d))"),
    ("1 - 2 - 3", "((1 - 2) - 3)"),
    ("a < b == c", "((a < b) == c)"),
    ("!a == b", "((!a) == b)"),
    ("-a.b[0]", "(-a.b[0])"),
    ("!!a", "(!(!a))"),
    ("(a || b) && c", "((a || b) && c)"),
    ("f(a, b + 1)[0].c", "f(a, (b + 1))[0].c"),
    ("!f()", "(!f())"),
    ("-x.y + -1", "((-x.y) + -1)"),
    ("a || b || c && d || e", "((a || b) || ((c && d) || e))"),
    ("1 - -1", "(1 - -1)"),
    ("a && b && c && d", "((a && b) && (c && d))"),
])
func precedence(_ text: String, _ expected: String) throws {
    #expect(try CELParser.parse(text).description == expected)
}

@Test(arguments: [
    ("'it\\'s'", CELValue.string("it's")),
    ("\"a\\nb\"", .string("a\nb")),
    ("'\\x41\\u0042\\U00000043\\103\\\\'", .string("ABCC\\")),
    ("r'\\d+'", .string("\\d+")),
    ("'''it's'''", .string("it's")),
    ("\"\"\"two\nlines\"\"\"", .string("two\nlines")),
    ("'é'", .string("é")),
    ("1e-05", .double(1e-05)),
    ("4.5", .double(4.5)),
    ("-4.5", .double(-4.5)),
    ("2", .int(2)),
    ("0x1F", .int(31)),
    ("-9223372036854775808", .int(.min)),
    ("true", .bool(true)),
    ("null", .null),
])
func literals(_ text: String, _ value: CELValue) throws {
    #expect(try CELParser.parse(text).node == .literal(value))
}

@Test func referencedParametersFindsEveryForm() throws {
    let text = """
        inputs.parameter_values['a'] == inputs.parameter_values["b"] && int(inputs.parameter_values.c) > 1 \
        || inputs.parameter_values[string_value] == x.parameter_values['no']
        """
    #expect(try CELParser.parse(text).referencedParameters == ["a", "b", "c"])
    let elif = try CELParser.parse(emittedConditions[7])
    #expect(elif.referencedParameters == ["pipelinechannel--flip-Output"])
}

@Test(arguments: [
    ("(a == b", "expected ')' at offset 7"),
    ("inputs.parameter_values['x'] == 'it's'", "unexpected 's' at offset 36"),
    ("inputs.parameter_values['x'] == 'it's", "unexpected 's' at offset 36"),
    ("a ==", "unexpected end of input at offset 4"),
    ("", "unexpected end of input at offset 0"),
    ("a = b", "unexpected character '=' at offset 2"),
    ("a * b", "unexpected '*' at offset 2"),
    ("x == 'abc", "unterminated string literal at offset 5"),
    ("'a\nb'", "unterminated string literal at offset 0"),
    ("'\\q'", "invalid escape sequence at offset 1"),
    ("'\\uD800'", "escape sequence is not a valid code point at offset 1"),
    ("9223372036854775808", "integer literal out of range at offset 0"),
    ("1u", "unsigned integer literals are not supported at offset 1"),
    ("1e+", "malformed exponent in number literal at offset 0"),
    ("b'x'", "bytes literals are not supported at offset 0"),
    ("a.size()", "receiver-style call '.size()' is not supported at offset 1"),
    ("f(1 2)", "expected ',' or ')' at offset 4"),
    ("a[1", "expected ']' at offset 3"),
    ("a.1", "expected a field name after '.' at offset 2"),
    ("'é' == (", "unexpected end of input at offset 8"),
    ("(a, b)", "expected ')' at offset 2"),
    ("(a]", "expected ')' at offset 2"),
    ("a[1, 2]", "expected ']' at offset 3"),
    ("f(a]", "expected ',' or ')' at offset 3"),
    ("f(1,)", "unexpected ')' at offset 4"),
    ("a)", "unexpected ')' at offset 1"),
    ("a b", "unexpected 'b' at offset 2"),
    ("()", "unexpected ')' at offset 1"),
])
func syntaxErrorsCarryOffsets(_ text: String, _ expected: String) {
    #expect(syntaxError(text)?.description == expected)
}

@Test func hostileNestingIsASyntaxErrorNotACrash() {
    let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
    #expect(syntaxError(deep)?.message == "expression nested too deeply (limit 256)")
    #expect(syntaxError(deep)?.offset == 256)
    #expect(syntaxError(String(repeating: "!", count: 10_000) + "true")?.offset == 256)
    #expect(syntaxError(String(repeating: "-", count: 10_000) + "x") != nil)
    #expect(syntaxError(String(repeating: "a[", count: 10_000)) != nil)
    #expect(syntaxError(Array(repeating: "a", count: 10_000).joined(separator: " + ")) != nil)
    #expect(syntaxError(Array(repeating: "a", count: 10_000).joined(separator: ".")) != nil)
}

@Test func nestingUpToTheLimitParses() throws {
    let atLimit = String(repeating: "(", count: 256) + "1" + String(repeating: ")", count: 256)
    #expect(try CELParser.parse(atLimit).node == .literal(.int(1)))
    #expect(syntaxError("(" + atLimit + ")") != nil)
    // Long Elif chains are balanced, so thousands of clauses stay shallow.
    let chain = Array(repeating: "!(x == 'a')", count: 5_000).joined(separator: " && ")
    #expect(try CELParser.parse(chain).height < 20)
}

/// Everything done with a tree at the depth limit must fit in a small secondary-thread stack
/// (macOS gives 512 KiB), since the engine may evaluate on any worker thread.
@Test func depthLimitFitsInASmallThreadStack() async {
    let parens = String(repeating: "(", count: 256) + "true" + String(repeating: ")", count: 256)
    let nots = String(repeating: "!", count: 255) + "false"
    let ok = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
        let thread = Thread {
            let results = [parens, nots].map { text in
                guard let tree = try? CELParser.parse(text), let twin = try? CELParser.parse(text),
                      let again = try? CELParser.parse(tree.description)
                else { return false }
                let evaluated = try? CELEvaluator.evaluateCondition(tree, parameterValues: [:])
                return evaluated == true && twin == tree && twin.hashValue == tree.hashValue
                    && again.description == tree.description && tree.referencedParameters.isEmpty
            }
            continuation.resume(returning: results == [true, true])
        }
        thread.stackSize = 256 * 1024
        thread.start()
    }
    #expect(ok)
}
