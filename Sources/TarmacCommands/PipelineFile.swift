import Basics
import Dispatch
import Foundation
import PipelineIR
import Planner

/// A pipeline read from disk: its text (kept for error positions), decoded and validated.
struct PipelineFile {
    let path: String
    let text: String
    let spec: PipelineSpec

    /// Reads, decodes and validates `path`; throws every problem, rendered with positions.
    static func load(_ path: String) throws -> PipelineFile {
        let text = try readText(path, what: "file")
        let spec: PipelineSpec
        do throws(IRErrors) {
            let documents: [JSONValue]
            do {
                documents = try YAMLLoader.loadDocuments(text, file: path)
            } catch {
                throw IRErrors([error])
            }
            spec = try PipelineSpec.decode(documents: documents, file: path)
            // Freeing a large document tree costs as much as a tenth of `validate`: do it on another
            // core while validation runs.
            DispatchQueue.global(qos: .utility).async { withExtendedLifetime(documents) {} }
        } catch {
            throw RenderedErrors(errors: error.errors, sources: [path: text])
        }
        let problems = PipelineValidator.validate(spec, file: path) + TaskLayout.outputNameProblems(in: spec, file: path)
        guard problems.isEmpty else { throw RenderedErrors(errors: problems, sources: [path: text]) }
        let file = PipelineFile(path: path, text: text, spec: spec)
        lastLoaded.withLock { $0 = file }
        return file
    }

    /// The last file loaded, kept alive: a command ends soon after it is done with its file, and freeing a
    /// large spec just before the process exits costs a few percent of `validate` for nothing.
    private static let lastLoaded = Locked<PipelineFile?>(nil)
}

/// The UTF-8 text of a file the user named; `what` names it in errors ("file", "params file").
func readText(_ path: String, what: String) throws -> String {
    if let text = readASCIIText(path) { return text }
    guard let data = FileManager.default.contents(atPath: path) else {
        let exists = FileManager.default.fileExists(atPath: path)
        throw IRError(exists ? "cannot read the \(what)" : "no such \(what)", at: .path(path))
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw IRError("the \(what) is not UTF-8 text", at: .path(path))
    }
    return text
}

/// The text of a regular all-ASCII file (as compiled IR is), read straight into the string's storage: one copy
/// of a large IR instead of two (issue 20: its pages cost more than the copying). Nil otherwise; `readText`
/// then reads it the general way.
private func readASCIIText(_ path: String) -> String? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else { return nil }
    let size = Int(info.st_size)
    var complete = false
    let text = String(unsafeUninitializedCapacity: size) { buffer in
        var filled = 0
        while filled < size {
            let count = read(fd, buffer.baseAddress! + filled, size - filled)
            if count <= 0 { break }
            filled += count
        }
        var bits: UInt8 = 0
        for byte in buffer[..<filled] { bits |= byte }
        complete = filled == size && bits < 0x80
        return filled
    }
    return complete ? text : nil
}

/// Several located errors about one input, rendered together.
struct RenderedErrors: TarmacError {
    let errors: [IRError]
    let sources: [String: String]

    var message: String { errors.first?.message ?? "invalid input" }
    var location: Location? { errors.first?.location }

    /// The full text of every error.
    var text: String { ErrorRenderer.render(errors, sources: sources) }
}
