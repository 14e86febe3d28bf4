import Basics
import Foundation
import PipelineIR
@testable import Planner
import Testing

@Suite struct RunParametersTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func basic() throws -> PipelineSpec {
        let path = Self.root.appendingPathComponent("Tests/Fixtures/ir/valid/basic.yaml").path
        return try PipelineSpec.load(String(contentsOfFile: path, encoding: .utf8), file: path)
    }

    @Test func defaultsAndNullsFillTheRest() throws {
        let spec = try basic()
        let params = try RunParameters.resolve(["n": (5, .option("--param n"))], for: spec)
        #expect(params.values["n"] == 5)
        #expect(params.values["s"] == "a")
        #expect(params.values["opt_in"] == .null)
        #expect(params.supplied == ["n"])
    }

    @Test func everyProblemIsReported() throws {
        let spec = try basic()
        do {
            _ = try RunParameters.resolve(["n": ("x", .option("--param n")), "bogus": (1, .option("--param bogus")),
                                           "l": (["a"], .option("--param l")), "b": (1, .option("--param b"))], for: spec)
            Issue.record("expected errors")
        } catch {
            let messages = error.errors.map(\.message)
            #expect(messages.contains("unknown run parameter 'bogus'"))
            #expect(messages.contains { $0.hasPrefix("run parameter 'n' must be a number") })
            #expect(messages.contains { $0.hasPrefix("run parameter 'b' must be a bool") })
            #expect(messages.count == 3)
        }
    }

    @Test func optionValuesAreJSONUnlessString() throws {
        let spec = try basic()
        #expect(RunParameters.parseOption("n=3", for: spec)?.1 == 3)
        #expect(RunParameters.parseOption("s=3", for: spec)?.1 == "3")
        #expect(RunParameters.parseOption("l=[1,2]", for: spec)?.1 == [1, 2])
        #expect(RunParameters.parseOption("d={\"k\":\"v\"}", for: spec)?.1 == ["k": "v"])
        #expect(RunParameters.parseOption("n=abc", for: spec)?.1 == "abc")
        #expect(RunParameters.parseOption("novalue", for: spec) == nil)
    }
}

@Suite struct DependencyGraphTests {
    func dag(_ edges: [String: [String]]) -> DagSpec {
        DagSpec(tasks: edges.mapValues { PipelineTaskSpec(displayName: "t", componentRef: "c", dependentTasks: $0) })
    }

    @Test func topologicalOrderPutsProducersFirst() {
        let graph = DependencyGraph(dag: dag(["c": ["b"], "b": ["a"], "a": [], "d": ["a"]]))
        #expect(graph.topologicalOrder() == ["a", "b", "d", "c"])
        #expect(graph.findCycle() == nil)
    }

    @Test func cycleIsFoundAndPrinted() {
        let graph = DependencyGraph(dag: dag(["a": ["c"], "b": ["a"], "c": ["b"], "d": []]))
        #expect(graph.findCycle() == ["a", "c", "b"])
        #expect(graph.topologicalOrder() == nil)
    }

    @Test func producersOfInputsAreDependencies() {
        var consumer = PipelineTaskSpec(displayName: "consumer", componentRef: "c")
        consumer.inputs.parameters["x"] = .init(.taskOutputParameter(producerTask: "producer", outputParameterKey: "Output"))
        let graph = DependencyGraph(dag: DagSpec(tasks: ["consumer": consumer, "producer": .init(displayName: "p", componentRef: "c")]))
        #expect(graph.dependencies["consumer"] == ["producer"])
    }
}
