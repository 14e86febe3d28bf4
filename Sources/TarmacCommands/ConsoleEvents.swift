import Basics
import Engine
import Foundation
import Planner
#if canImport(Glibc)
import Glibc
#endif

/// How a run shows its progress on stderr.
struct ProgressSettings: Sendable, Hashable {
    /// A live view redrawn in place (a terminal), or one timestamped line per state change (CI, files, pipes).
    enum Mode: Sendable, Hashable { case live, lines }

    /// Live view or plain lines.
    var mode: Mode
    /// Only failures (and the closing line).
    var quiet: Bool
    /// Also every output line of every task.
    var verbose: Bool
    /// ANSI colours.
    var color: Bool

    /// Live on a terminal unless quiet; colour only on a terminal and without `NO_COLOR`.
    static func detect(quiet: Bool, verbose: Bool, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> ProgressSettings {
        let terminal = Console.capture == nil && isatty(STDERR_FILENO) != 0 && environment["TERM"] != "dumb"
        let color = terminal && (environment["NO_COLOR"] ?? "").isEmpty
        return ProgressSettings(mode: terminal && !quiet ? .live : .lines, quiet: quiet, verbose: verbose, color: color)
    }
}

/// The run's event sink for the command line: a `LiveTerminal` on a terminal, else plain timestamped
/// lines, one per state change. Failed tasks print as one `FailureBlock` in both modes.
final class ConsoleEvents: RunEventSink, @unchecked Sendable {  // `lock` guards the writes and `runID`
    private let lock = NSLock()
    private let settings: ProgressSettings
    private let terminal: LiveTerminal?
    private let names: DisplayNames?
    private let formatter: DateFormatter
    private var runIdentifier: String?
    private var proxyContext: ProxyAdvice.Context?
    /// The capture in force where the run started: events arrive on other queues, where the task-local is unbound.
    private let capture: Console.Capture?

    /// A sink showing progress as `settings` say, naming tasks by `names` (nil: by path key) and counting
    /// them against `census` (made only for a live view, the one that counts); a live view starts drawing at once.
    init(settings: ProgressSettings, names: DisplayNames? = nil, census: @autoclosure () -> TaskCensus? = nil) {
        self.settings = settings
        self.names = names
        self.capture = Console.capture
        var style = ProgressRenderer.Style(color: settings.color)
        if let size = LiveTerminal.terminalSize() { style.width = size.columns; style.height = size.rows }
        terminal = settings.mode == .live
            ? LiveTerminal(style: style, model: ProgressModel(names: names, census: census())) : nil
        formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
    }

    /// The run's id, named in the failure block's `tarmac inspect` hint.
    var runID: String? {
        get { lock.withLock { runIdentifier } }
        set { lock.withLock { runIdentifier = newValue } }
    }

    /// What the run gives its containers, for the failure block's proxy hints.
    var proxyAdvice: ProxyAdvice.Context? {
        get { lock.withLock { proxyContext } }
        set { lock.withLock { proxyContext = newValue } }
    }

    func taskUpdated(_ update: TaskUpdate) {
        // Quiet lines print failures only: a 100,000-task loop asks for no display name of its other updates.
        if terminal == nil, settings.quiet, update.state != .failed { return }
        let title = names?.path(of: update.name) ?? update.name
        let failure = update.state == .failed && update.kind == .task
            ? FailureBlock.lines(for: update, title: title, runID: runID, color: settings.color, proxy: proxyAdvice) : nil
        if let terminal {
            terminal.apply(update)
            if let failure { terminal.printAbove(failure) }
            return
        }
        var line = "\(formatter.string(from: Date())) \(update.state.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(title)"
        // A multi-line error (a failed environment set-up with its log's tail) is told once, by the failure block.
        if let detail = update.detail, update.state != .succeeded, update.state != .running, failure == nil || !detail.contains("\n") {
            line += ": \(detail)"
        }
        emit([line] + (failure ?? []))
    }

    func loopProgressed(name: String, finished: Int, total: Int) {
        terminal?.applyLoop(name: name, finished: finished, total: total)
    }

    func taskOutputLine(_ line: String) {
        guard settings.verbose else { return }
        if let terminal { terminal.printAbove([line]) } else { emit([line]) }
    }

    func warning(_ message: String) {
        notice("tarmac: warning: \(message)")
    }

    /// A line for the user, printed above the live view when there is one.
    func notice(_ line: String) {
        if let terminal { terminal.printAbove([line]) } else { emit([line]) }
    }

    /// Ends the live view with its static summary (nothing to do for plain lines).
    func finish() {
        terminal?.finish()
    }

    private func emit(_ lines: [String]) {
        lock.withLock { Console.$capture.withValue(capture) { Console.error(lines.joined(separator: "\n")) } }
    }
}
