import Basics
import Foundation
import PipelineIR
#if canImport(Glibc)
import Glibc
#endif

/// `tarmac run pipeline.py[:function]`: compiles a KFP DSL file with the user's own `kfp` (the
/// interpreter is `$TARMAC_PYTHON`, else `python3`) and hands back the YAML, which then runs exactly
/// as a compiled file would.
enum PythonPipeline {
    /// Where `validate` and `plan` put compiled sources (they have no store).
    static var scratchDirectory: String { (NSTemporaryDirectory() as NSString).appendingPathComponent("tarmac-compiled") }

    /// Whether a pipeline argument names a Python source (`x.py` or `x.py:function`).
    static func isPython(_ argument: String) -> Bool { split(argument) != nil }

    /// `(source, function)` for `x.py` and `x.py:function`; nil for anything else.
    static func split(_ argument: String) -> (source: String, function: String?)? {
        if argument.hasSuffix(".py") { return (argument, nil) }
        guard let colon = argument.lastIndex(of: ":"), argument[..<colon].hasSuffix(".py") else { return nil }
        let function = String(argument[argument.index(after: colon)...])
        return (String(argument[..<colon]), function.isEmpty ? nil : function)
    }

    /// The argument itself when it is not Python; else the path of its compiled YAML, written under `directory`
    /// as `<source name>-<digest>.yaml` (the same source and function always land on the same file).
    static func yamlPath(for argument: String, compilingInto directory: String,
                         environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        guard let parts = split(argument) else { return argument }
        let (source, function) = parts
        guard FileManager.default.fileExists(atPath: source) else { throw IRError("no such file", at: .path(source)) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let scratch = (directory as NSString).appendingPathComponent(".compiling-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let python = environment["TARMAC_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
        let result = try runCompiler(python: python, source: source, function: function, output: scratch, environment: environment)
        guard result.code == 0 else { throw failure(result, python: python, argument: argument) }
        let data = try Data(contentsOf: URL(fileURLWithPath: scratch))
        let name = ((source as NSString).lastPathComponent as NSString).deletingPathExtension
        let target = (directory as NSString).appendingPathComponent("\(name)-\(Digest.sha256(data).prefix(12)).yaml")
        guard rename(scratch, target) == 0 else {  // atomic, and replaces what a concurrent compile wrote
            throw IRError("cannot write the compiled pipeline: \(String(cString: strerror(errno)))", at: .path(target))
        }
        return target
    }

    private static func failure(_ result: (code: Int32, stderr: String), python: String, argument: String) -> IRError {
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        let marked = lines.last { $0.hasPrefix("tarmac-compile: ") }.map { String($0.dropFirst("tarmac-compile: ".count)) }
        switch result.code {
        case 3:
            return IRError("kfp is not installed for \(python) (pip install kfp)", at: .path(argument),
                           hint: "install it, or set TARMAC_PYTHON to an interpreter that has it")
        case 4, 5:
            return IRError(marked ?? "cannot find the pipeline", at: .path(argument),
                           hint: result.code == 5 ? "name one: tarmac run \(split(argument)?.source ?? argument):FUNCTION" : nil)
        default:
            let tail = lines.suffix(12).joined(separator: "\n")
            return IRError("compiling the pipeline with \(python) failed (exit \(result.code)):\n\(tail)", at: .path(argument))
        }
    }

    private static func runCompiler(python: String, source: String, function: String?, output: String,
                                    environment: [String: String]) throws -> (code: Int32, stderr: String) {
        let errors = output + ".stderr"
        defer { try? FileManager.default.removeItem(atPath: errors) }
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", compileScript, source, function ?? "", output]
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        do {
            try process.run()
        } catch {
            throw IRError("cannot start \(python): \(error.localizedDescription)", at: .path(source))
        }
        process.waitUntilExit()
        let text = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        if process.terminationStatus == 127 || process.terminationStatus == 126 {
            throw IRError("cannot run the Python interpreter '\(python)'", at: .path(source),
                          hint: "install python3 with kfp, or set TARMAC_PYTHON to an interpreter that has kfp")
        }
        return (process.terminationStatus, text)
    }

    /// Loads the module (not as `__main__`, so its own compile call does not run), picks the pipeline
    /// and compiles it. Exit 3: no kfp; 4: no such pipeline; 5: several pipelines and no name.
    static let compileScript = #"""
import importlib.util, os, re, sys
source, wanted, out = sys.argv[1], sys.argv[2], sys.argv[3]
def fail(code, message):
    print('tarmac-compile: ' + message, file=sys.stderr)
    sys.exit(code)
try:
    from kfp import compiler
except ImportError as error:
    fail(3, 'kfp is not importable: %s' % error)
sys.path.insert(0, os.path.dirname(os.path.abspath(source)))
spec = importlib.util.spec_from_file_location('tarmac_pipeline_source', source)
module = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = module
spec.loader.exec_module(module)
def is_pipeline(value):
    return any(kind.__name__ == 'GraphComponent' for kind in type(value).__mro__)
if wanted:
    value = getattr(module, wanted, None)
    if value is None:
        fail(4, '%s has no function %s' % (source, wanted))
    if not is_pipeline(value):
        fail(4, '%s is not a @dsl.pipeline function' % wanted)
    chosen = value
else:
    found = {name: value for name, value in vars(module).items() if is_pipeline(value)}
    if not found:
        fail(4, '%s defines no @dsl.pipeline function' % source)
    def key(value):
        return 'comp-' + re.sub('[^a-z0-9]+', '-', value.name.lower()).strip('-')
    def used(value):
        pattern = re.compile(re.escape(key(value)) + '(-[0-9]+)?$')
        return any(other is not value and any(pattern.match(name) for name in other.pipeline_spec.components)
                   for other in found.values())
    roots = sorted(name for name, value in found.items() if not used(value))
    if len(roots) != 1:
        fail(5, '%s defines several pipelines (%s)' % (source, ', '.join(roots or sorted(found))))
    chosen = found[roots[0]]
compiler.Compiler().compile(chosen, out)
"""#
}
