import Foundation
import Testing
import TarmacCommands

/// `tarmac plan`: the rendered graph in each format, and the run-parameter errors, against goldens.
@Suite struct PlanGoldenTests {
    static let ml = "examples/03-ml-pipeline/pipeline.yaml"
    static let conditions = "examples/04-conditions/pipeline.yaml"
    /// The ML pipeline with `threshold` declared without a default (as `threshold: float` compiles).
    static let requiredThreshold = "Tests/Fixtures/ir/valid/ml-required-threshold.yaml"
    static let golden = "Tests/Fixtures/golden/"

    @Test("the ML example's plan in each format matches its golden", arguments: ["text", "mermaid", "dot"])
    func mlPlan(_ format: String) throws {
        try Repo.requireRootIsCurrentDirectory()
        let result = tarmac("plan", "--format", format, Self.ml)
        #expect(result.code == 0, "stderr: \(result.stderr)")
        #expect(result.stderr == "")
        expectGolden(result.stdout, matches: Self.golden + "plan-ml-\(format).txt")
    }

    @Test("text is the default format")
    func defaultFormatIsText() throws {
        try Repo.requireRootIsCurrentDirectory()
        #expect(tarmac("plan", Self.ml).stdout == tarmac("plan", "--format", "text", Self.ml).stdout)
    }

    @Test("a control-flow example's plan (conditions, if/elif/else, nesting) matches its golden")
    func conditionsPlan() throws {
        try Repo.requireRootIsCurrentDirectory()
        let result = tarmac("plan", Self.conditions)
        #expect(result.code == 0, "stderr: \(result.stderr)")
        expectGolden(result.stdout, matches: Self.golden + "plan-conditions-text.txt")
    }

    @Test("every example's mermaid plan is well-formed Mermaid", arguments: Repo.examplePipelines())
    func mermaidIsWellFormed(_ path: String) throws {
        try Repo.requireRootIsCurrentDirectory()
        let result = tarmac("plan", "--format", "mermaid", path)
        try #require(result.code == 0, "stderr: \(result.stderr)")
        for problem in MermaidCheck.problems(in: result.stdout) {
            Issue.record("\(path): \(problem)")
        }
    }

    // MARK: run parameters

    /// A plan command line that must fail with exit 65 and exactly the golden error.
    static let parameterErrors: [(golden: String, arguments: [String])] = [
        ("params-unknown", ["plan", ml, "--param", "depth=3"]),
        ("params-missing-required", ["plan", requiredThreshold]),
        ("params-wrong-kind", ["plan", ml, "--param", "seed=abc"]),
        ("params-not-integer", ["plan", ml, "--param", "seed=1.5"]),
        ("params-file-not-object", ["plan", ml, "--params-file", "Tests/Fixtures/ir/params/not-an-object.yaml"]),
    ]

    @Test("a bad run parameter fails with exit 65 and the golden error", arguments: parameterErrors.map(\.golden))
    func parameterError(_ name: String) throws {
        try Repo.requireRootIsCurrentDirectory()
        let arguments = try #require(Self.parameterErrors.first { $0.golden == name }).arguments
        let result = tarmac(arguments)
        #expect(result.code == 65, "stdout: \(result.stdout)")
        #expect(result.stdout == "")
        guard result.code == 65 else { return }
        expectGolden(result.stderr, matches: Self.golden + name + ".txt")
    }

    @Test("a required parameter, once given, is accepted")
    func requiredParameterGiven() throws {
        try Repo.requireRootIsCurrentDirectory()
        let result = tarmac("plan", Self.requiredThreshold, "--param", "threshold=0.9")
        #expect(result.code == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("\n  threshold = 0.9\n"))
    }

    @Test("--param wins over --params-file, which wins over defaults")
    func precedence() throws {
        try Repo.requireRootIsCurrentDirectory()
        let result = tarmac("plan", Self.ml, "--params-file", "Tests/Fixtures/ir/params/ml.yaml", "--param", "seed=8")
        #expect(result.code == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("  seed = 8"))        // --param over the file's 7
        #expect(lines.contains("  max_depth = 9"))   // the file over the default 4
        #expect(lines.contains("  threshold = 0.8  (default)"))
        expectGolden(result.stdout, matches: Self.golden + "params-precedence.txt")
    }

    @Test("an unknown --format is a usage error (exit 2)")
    func unknownFormat() throws {
        try Repo.requireRootIsCurrentDirectory()
        let result = tarmac("plan", "--format", "png", Self.ml)
        #expect(result.code == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("'png'"))
    }

    @Test("a missing pipeline argument is a usage error (exit 2)")
    func missingArgument() {
        #expect(tarmac("plan").code == 2)
        #expect(tarmac("validate").code == 2)
    }
}

/// A checker for the subset of Mermaid flowchart syntax `tarmac plan --format mermaid` writes: node and
/// subgraph ids are `t_` plus letters, digits and underscores, unique; labels are double-quoted with no
/// raw `"` inside; `subgraph`/`end` balance; edges join declared ids.
enum MermaidCheck {
    static func problems(in text: String) -> [String] {
        var problems: [String] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() } else { problems.append("the output does not end with a newline") }
        guard lines.first == "flowchart TD" else { return ["the first line is not 'flowchart TD'"] }
        let id = #"(t_[A-Za-z0-9_]+)"#, label = #"\["([^"]*)"\]"#
        let node = try! Regex(#"^\s*"# + id + label + #"$"#)
        let subgraph = try! Regex(#"^\s*subgraph "# + id + label + #"$"#)
        let edge = try! Regex(#"^\s*"# + id + #" (-->|-\.->) "# + id + #"$"#)
        var declared: Set<String> = [], edges: [(String, String, Int)] = [], depth = 0
        for (number, line) in lines.enumerated().dropFirst() {
            let at = "line \(number + 1) '\(line)'"
            if let match = line.wholeMatch(of: subgraph) ?? line.wholeMatch(of: node) {
                let name = String(match.output[1].substring!)
                if !declared.insert(name).inserted { problems.append("\(at): id \(name) declared twice") }
                if line.wholeMatch(of: subgraph) != nil { depth += 1 }
            } else if line.trimmingCharacters(in: .whitespaces) == "end" {
                depth -= 1
                if depth < 0 { problems.append("\(at): 'end' without 'subgraph'") }
            } else if let match = line.wholeMatch(of: edge) {
                edges.append((String(match.output[1].substring!), String(match.output[3].substring!), number + 1))
            } else {
                problems.append("\(at): not a node, subgraph, end or edge")
            }
        }
        if depth != 0 { problems.append("\(depth) subgraph(s) not closed") }
        for (from, to, line) in edges {
            for name in [from, to] where !declared.contains(name) { problems.append("line \(line): edge names undeclared id \(name)") }
        }
        return problems
    }
}
