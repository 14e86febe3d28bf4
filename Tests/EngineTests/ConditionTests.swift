import Basics
import Engine
import EngineTestSupport
import Testing

/// `dsl.If / Elif / Else`, a nested If/Else, and conditions on a parameter and on outputs (example 04), driven by
/// what the fake `measure` outputs. A group whose condition is false is SKIPPED and its tasks never appear.
@Suite struct ConditionTests {
    static let pipeline = "examples/04-conditions/pipeline.yaml"
    static let branches = "condition-branches-1"
    static let medium = "condition-branches-1/condition-3"

    func run(length: Int, firstWord: String, vowelRatio: Double, hasDigits: Bool,
             parameters: [String: JSONValue] = [:]) throws -> (RunSummary, FakeTaskRunner) {
        let harness = try EngineHarness(Self.pipeline)
        let measured: [String: JSONValue] = ["length": .number(Double(length)), "first_word": .string(firstWord),
                                             "vowel_ratio": .number(vowelRatio), "has_digits": .bool(hasDigits)]
        let fake = harness.fake(["measure": .outputs(measured)])
        return (try harness.run(fake, parameters: parameters), fake)
    }

    @Test("the Elif branch and the nested If run; If, Else and the nested Else are SKIPPED")
    func elifBranch() throws {
        let (summary, fake) = try run(length: 14, firstWord: "hello", vowelRatio: 0.3, hasDigits: false)
        #expect(summary.state == .succeeded)
        let states = summary.states
        #expect(states["\(Self.branches)"] == .succeeded)
        #expect(states["\(Self.branches)/condition-2"] == .skipped)
        #expect(states["\(Self.medium)"] == .succeeded && states["\(Self.medium)/announce-2"] == .succeeded)
        #expect(states["\(Self.medium)/condition-branches-4/condition-5"] == .succeeded)
        #expect(states["\(Self.medium)/condition-branches-4/condition-5/announce-3"] == .succeeded)
        #expect(states["\(Self.medium)/condition-branches-4/condition-6"] == .skipped)
        #expect(states["\(Self.branches)/condition-7"] == .skipped)
        #expect(states["condition-8"] == .succeeded && states["condition-9"] == .succeeded && states["condition-10"] == .skipped)
        #expect(Set(fake.started) == ["measure", "\(Self.medium)/announce-2", "\(Self.medium)/condition-branches-4/condition-5/announce-3",
                                      "condition-8/announce-6", "condition-9/announce-7"])
        #expect(states["\(Self.branches)/condition-2/announce"] == nil, "a skipped group's tasks never appear")
        #expect(fake.runs.first { $0.address == "\(Self.medium)/announce-2" }?.parameters["label"] == .string("medium"))
    }

    @Test("the If branch: Elif and Else are SKIPPED")
    func ifBranch() throws {
        let (summary, fake) = try run(length: 30, firstWord: "hello", vowelRatio: 0.3, hasDigits: false)
        #expect(summary.states["\(Self.branches)/condition-2"] == .succeeded)
        #expect(summary.states["\(Self.branches)/condition-2/announce"] == .succeeded)
        #expect(summary.states["\(Self.medium)"] == .skipped && summary.states["\(Self.branches)/condition-7"] == .skipped)
        #expect(fake.runs.first { $0.address == "\(Self.branches)/condition-2/announce" }?.parameters["label"] == .string("long"))
    }

    @Test("the Else branch, a false bool parameter and true output conditions")
    func elseBranch() throws {
        let (summary, fake) = try run(length: 3, firstWord: "hi", vowelRatio: 0.9, hasDigits: true, parameters: ["verbose": .bool(false)])
        #expect(summary.state == .succeeded)
        let states = summary.states
        #expect(states["\(Self.branches)/condition-2"] == .skipped && states["\(Self.medium)"] == .skipped)
        #expect(states["\(Self.branches)/condition-7"] == .succeeded && states["\(Self.branches)/condition-7/announce-5"] == .succeeded)
        #expect(states["condition-8"] == .skipped && states["condition-9"] == .skipped && states["condition-10"] == .succeeded)
        #expect(fake.runs.first { $0.address == "\(Self.branches)/condition-7/announce-5" }?.parameters["label"] == .string("short"))
    }

    @Test("a failed condition input: the groups waiting for it are NOT_RUN, the parameter condition still runs")
    func failedUpstream() throws {
        let harness = try EngineHarness(Self.pipeline)
        harness.options = harness.makeOptions(keepGoing: true)
        let summary = try harness.run(harness.fake(["measure": .fails()]))
        #expect(summary.state == .failed)
        #expect(summary.states[Self.branches] == .notRun && summary.states["condition-9"] == .notRun)
        #expect(summary.states["condition-10"] == .notRun && summary.states["condition-8"] == .succeeded)
    }
}
