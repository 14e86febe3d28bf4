import Foundation
import PipelineIR
import Planner
import Testing

// The names people read, from IR the real KFP compiler wrote (examples/ and Tests/Fixtures/pipelines/wide-fan-out).

@Suite("Display names")
struct DisplayNamesTests {
    static func load(_ relative: String) throws -> PipelineSpec {
        let path = InvocationFixture.root.appendingPathComponent(relative).path
        return try PipelineSpec.load(try String(contentsOfFile: path, encoding: .utf8), file: path)
    }

    @Test("conditions the user named keep their names; condition-branches groups keep the compiler's")
    func namedConditions() throws {
        let names = DisplayNames(spec: try Self.load("examples/04-conditions/pipeline.yaml"))
        #expect(names.path(of: "condition-branches-1/condition-3/condition-branches-4/condition-5/announce-3")
                == "condition-branches-1/is-medium/condition-branches-4/greets/announce-3")
        #expect(names.path(of: "condition-8") == "verbose-on")
        #expect(names.path(of: "measure") == "measure")
    }

    @Test("groups the compiler named read as the DSL wrote them: If …, for item in …; set_display_name wins")
    func compilerNamedGroups() throws {
        let names = DisplayNames(spec: try Self.load("Tests/Fixtures/pipelines/wide-fan-out/pipeline.yaml"))
        #expect(names.path(of: "condition-3") == "If rounds > 0")
        #expect(names.path(of: "condition-3/work-26") == "If rounds > 0/announce")
        #expect(names.path(of: "for-loop-2") == "for item in [1, 2, 3, 4]")
        #expect(names.path(of: "for-loop-2[3]") == "for item in [1, 2, 3, 4] [3]")
        #expect(names.path(of: "for-loop-2[3]/square") == "for item in [1, 2, 3, 4]/square [3]")
        #expect(names.path(of: "work") == "prepare data")
        #expect(names.path(of: "work-19") == "work-19")
        #expect(names.titled("work") == "prepare data (work)")
        #expect(names.titled("work-19") == "work-19")
        #expect(names.leaf(of: "for-loop-2[0]/square") == "square [0]")
    }

    @Test("loops over an upstream output or a pipeline input name it; nested loops put every index on the leaf")
    func loopsOverInputs() throws {
        let names = DisplayNames(spec: try Self.load("examples/05-parallel-for/pipeline.yaml"))
        #expect(names.path(of: "for-loop-3") == "for item in make-numbers.Output")
        #expect(names.path(of: "for-loop-4") == "for item in groups")
        #expect(names.path(of: "for-loop-4[1]/for-loop-6[2]") == "for item in groups/for item in [1, 2, 3] [1, 2]")
        #expect(names.path(of: "for-loop-2").hasPrefix("for item in [{\"fruit\": \"apple\""))
        #expect(names.path(of: "for-loop-2").count <= 12 + DisplayNames.itemsLimit)
    }

    @Test("conditions lose the compiler's pipelinechannel-- references and casts")
    func readableConditions() throws {
        let spec = try Self.load("examples/04-conditions/pipeline.yaml")
        let task = spec.rootDag.tasks["condition-9"]!
        #expect(DisplayNames.readableCondition(task.triggerPolicy!.condition!, task: task) == "measure.vowel_ratio < vowel_limit")
        #expect(DisplayNames.readableCondition("!(int(inputs.parameter_values['pipelinechannel--a-b']) > 3) && "
                                               + "inputs.parameter_values['pipelinechannel--c'] == 'x'")
                == "!(a-b > 3) && c == 'x'")
    }

    @Test("siblings that would read the same get their keys; unknown segments show their keys")
    func duplicates() {
        let spec = PipelineSpec(name: "p", root: ComponentSpec(implementation: .dag(DagSpec(tasks: [
            "train": PipelineTaskSpec(displayName: "fit", componentRef: "comp-train"),
            "train-2": PipelineTaskSpec(displayName: "fit", componentRef: "comp-train"),
            "other": PipelineTaskSpec(displayName: "other", componentRef: "comp-train"),
        ]))))
        let names = DisplayNames(spec: spec)
        #expect(names.path(of: "train") == "fit (train)")
        #expect(names.path(of: "train-2") == "fit (train-2)")
        #expect(names.path(of: "other") == "other")
        #expect(names.path(of: "gone/child[2]") == "gone/child [2]")
    }

    @Test("a display name with a slash stays whole in leaf(of:): set_display_name('train/eval')")
    func slashInADisplayName() {
        let spec = PipelineSpec(name: "p", root: ComponentSpec(implementation: .dag(DagSpec(tasks: [
            "train": PipelineTaskSpec(displayName: "train/eval", componentRef: "comp-train"),
            "for-loop-2": PipelineTaskSpec(displayName: "fold a/b", componentRef: "comp-for-loop-2"),
        ]))))
        let names = DisplayNames(spec: spec)
        #expect(names.path(of: "train") == "train/eval")
        #expect(names.leaf(of: "train") == "train/eval")
        let recorded = DisplayNames(segments: ["for-loop-2": "fold a/b", "for-loop-2/fit": "fit x/y"])
        #expect(recorded.leaf(of: "for-loop-2[1]/fit") == "fit x/y [1]")
        #expect(recorded.path(of: "for-loop-2[1]/fit") == "fold a/b/fit x/y [1]")
    }

    @Test("names from records (no IR) get the same sibling dedupe as names from the IR")
    func recordedSegmentsAreDeduplicated() {
        let names = DisplayNames(segments: ["train": "fit", "train-2": "fit", "loop": "loop", "loop/train": "fit"])
        #expect(names.path(of: "train") == "fit (train)")
        #expect(names.path(of: "train-2") == "fit (train-2)")
        #expect(names.path(of: "loop/train") == "loop/fit")  // not a sibling of the root's two
    }
}
