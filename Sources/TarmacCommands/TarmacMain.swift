import ArgumentParser
import Basics
import Foundation
import Glibc
import PipelineIR

/// The `tarmac` command tree.
struct Tarmac: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tarmac",
        abstract: "Run Kubeflow Pipelines v2 pipelines (compiled IR YAML) on one machine.",
        version: BuildInfo.versionText,
        subcommands: [ValidateCommand.self, PlanCommand.self, RunCommand.self, RunsCommand.self, LogsCommand.self, ReportCommand.self,
                      CacheCommand.self, ExplainCommand.self, InspectCommand.self, ShellCommand.self, StoreCommand.self, ConfigCommand.self,
                      SubmitCommand.self, WatchCommand.self, UICommand.self]
    )
}

/// Entry point used by the `tarmac` executable: parses, runs, and turns every error into text and an exit code.
public enum TarmacMain {
    /// Runs the command line and exits; never returns.
    public static func main() -> Never {
        signal(SIGPIPE, SIG_IGN)  // a closed stdout/stderr is a write error (BrokenOutput), not a silent death
        exit(execute(Array(CommandLine.arguments.dropFirst())))
    }

    /// Runs one command line and returns its exit code (used by `main` and by tests).
    public static func execute(_ arguments: [String]) -> Int32 {
        let code: Int32
        do {
            var command = try Tarmac.parseAsRoot(CommandLineArguments.normalized(arguments))
            let config = try Config.load(Config.search ?? .process)
            try Config.$current.withValue(config) { try command.run() }
            code = 0
        } catch let exit as CommandExit {
            code = exit.code.rawValue
        } catch let child as ChildExit {
            code = child.status
        } catch let rendered as RenderedErrors {
            Console.error(rendered.text)
            code = rendered.exitCode.rawValue
        } catch let errors as IRErrors {
            Console.error(ErrorRenderer.render(errors.errors))
            code = Basics.ExitCode.invalidInput.rawValue
        } catch let error as TarmacError {
            Console.error(ErrorRenderer.render(error))
            code = error.exitCode.rawValue
        } catch {
            let argumentCode = Tarmac.exitCode(for: error)
            if argumentCode == .success {
                Console.out(Tarmac.fullMessage(for: error))
                code = 0
            } else {
                var text = RunReference.unescaped(Tarmac.fullMessage(for: error))
                if text.hasPrefix("Error: ") { text = "tarmac: error: " + text.dropFirst(7) }
                Console.error(text)
                code = argumentCode == .validationFailure ? Basics.ExitCode.usage.rawValue : Basics.ExitCode.internalError.rawValue
            }
        }
        return code
    }
}

/// Thrown by a command that ran a child in its place (`tarmac shell --command`) to exit with the child's status.
struct ChildExit: Error {
    let status: Int32
}

/// Thrown by a command that already printed what the user needs and only wants to exit with `code`.
struct CommandExit: Error {
    let code: Basics.ExitCode
}

/// The only place that writes: results to stdout, diagnostics to stderr, whole lines.
/// Tests capture both by binding `Console.capture` for the duration of a call.
public enum Console {
    /// Collected output, when bound.
    public final class Capture: Sendable {
        private let text = Locked((stdout: "", stderr: ""))

        public init() {}

        /// What went to stdout.
        public var stdout: String { text.current.stdout }
        /// What went to stderr.
        public var stderr: String { text.current.stderr }

        func append(_ line: String, error: Bool) {
            text.withLock { if error { $0.stderr += line } else { $0.stdout += line } }
        }
    }

    /// When set, output goes here instead of the process streams.
    @TaskLocal public static var capture: Capture?

    /// Writes a result line (a newline is added if missing).
    static func out(_ text: String) { write(text, error: false) }

    /// Writes a diagnostic line.
    static func error(_ text: String) { write(text, error: true) }

    private static func write(_ text: String, error: Bool) {
        let line = text.hasSuffix("\n") || text.isEmpty ? text : text + "\n"
        if let capture { capture.append(line, error: error); return }
        writeRaw(line, to: error ? STDERR_FILENO : STDOUT_FILENO)
    }

    /// Writes all of `text` to `fd`; a failure (EPIPE: the reader is gone) is reported to `BrokenOutput`,
    /// never a crash, and later writes to that stream are dropped.
    static func writeRaw(_ text: String, to fd: Int32) {
        if brokenLock.withLock({ broken.contains(fd) }) { return }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                brokenLock.withLock { _ = broken.insert(fd) }
                BrokenOutput.report()
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }

    nonisolated(unsafe) private static var broken: Set<Int32> = []  // guarded by brokenLock
    private static let brokenLock = NSLock()
}
