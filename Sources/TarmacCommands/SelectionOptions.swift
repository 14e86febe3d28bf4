import ArgumentParser
import PipelineIR
import Planner

/// `--only`, `--from`, `--until` of `tarmac run`: partial runs for debugging one component.
struct SelectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Run only this task; the tasks it needs are served from the cache or the latest run where they succeeded.",
                               valueName: "TASK"))
    var only: String?

    @Option(help: ArgumentHelp("Force this task and everything downstream of it to run (no cache lookup); the rest as usual.",
                               valueName: "TASK"))
    var from: String?

    @Option(help: ArgumentHelp("Run this task and what it needs, nothing after it.", valueName: "TASK"))
    var until: String?

    /// The selection, checked against the pipeline (a task key, or a path such as condition-1/deploy).
    func selection(in spec: PipelineSpec) throws -> TaskSelection? {
        let given = [(TaskSelection.Mode.only, only), (.from, from), (.until, until)].compactMap { mode, name in name.map { (mode, $0) } }
        guard given.count <= 1 else { throw UsageError("choose one of --only, --from and --until") }
        guard let (mode, name) = given.first else { return nil }
        return try TaskSelection(mode, task: name, in: spec)
    }
}
