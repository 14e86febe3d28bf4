import Basics
import PipelineIR
import Planner

/// libFuzzer entry for the IR path of `tarmac validate` and `tarmac plan`: load (YAML/JSON), decode,
/// validate, resolve run parameters (none supplied) and render the plan in every format.
/// Any trap or sanitizer report is a crash; thrown errors are the expected outcome for bad input.
@_cdecl("LLVMFuzzerTestOneInput")
public func irFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    let spec: PipelineSpec
    do {
        spec = try PipelineSpec.load(text, file: "fuzz.yaml")
    } catch {
        precondition(!error.errors.isEmpty, "load threw no error")
        return 0
    }
    let problems = PipelineValidator.validate(spec, file: "fuzz.yaml")
    guard problems.isEmpty else { return 0 }
    let parameters = try? RunParameters.resolve([:], for: spec, file: "fuzz.yaml")
    let graph = PlanGraph(spec: spec, parameters: parameters)
    for format in PlanFormat.allCases { _ = PlanRenderer.render(graph, format: format) }
    _ = ClusterCompatibility.warnings(spec, file: "fuzz.yaml")
    return 0
}
