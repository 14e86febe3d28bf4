import ArgumentParser
import Basics
import Foundation
import Reporting
import RunDatabase

/// `tarmac report RUN [-o report.html]`
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write one self-contained HTML report of a recorded run.",
        discussion: """
            The page needs no network: the DAG with task states, parameters, durations, cache hits, log tails, and \
            the artifacts as the KFP UI shows them (metrics tables, confusion matrices, ROC curves, HTML, Markdown).
            """)
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: RunReference.help) var runID: String
    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the page (default: report-<run>.html).", valueName: "FILE"))
    var output: String?
    @Flag(help: "Print one JSON document (docs/json-schemas.md) saying what was written, on stdout.") var json = false

    func run() throws {
        let store = try storeOptions.open()
        let recorded = try RecordedRun.load(id: RunReference.resolve(runID, in: store).id, from: store)
        let path = output ?? "report-\(recorded.run.id.prefix(8)).html"
        let page = HTMLReport.render(recorded)
        try ReportFiles.write(page, to: path)
        Console.error("tarmac: report of run \(recorded.run.id.prefix(8)) written to \(path)")
        if json {
            Console.out(RecordJSON.document(["run_id": .string(recorded.run.id), "file": .string(absolute(path)),
                                             "bytes": .number(Double(page.utf8.count))]))
        }
    }
}

/// Writing rendered reports to the files users name.
enum ReportFiles {
    /// Writes `text` to `path` atomically (a temporary file renamed into place).
    static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw OutputFileError(message: "cannot write the file: \(error.localizedDescription)", path: path)
        }
    }

    /// The JUnit XML of run `runID` (exact id) in `store`, written to `path`.
    static func writeJUnit(runID: String, store: RunStore, to path: String) throws {
        try write(JUnitReport.render(RecordedRun.load(id: runID, from: store)), to: path)
    }
}

/// A file the user asked for (`-o`, `--junit`) could not be written.
struct OutputFileError: TarmacError {
    let message: String
    let path: String

    var location: Location? { .path(path) }
    var hint: String? { "check that the directory exists and is writable" }
    var exitCode: Basics.ExitCode { .usage }
}
