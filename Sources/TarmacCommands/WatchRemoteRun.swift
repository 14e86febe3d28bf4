import Basics
import ClusterAPI
import Engine
import Foundation
import Planner

/// Polls one remote run until it ends, showing its tasks' state changes through `ConsoleEvents` (the live view on
/// a terminal, else the plain lines of a local run), with back-off, `--timeout` and Ctrl-C.
final class RemoteWatcher {
    private let client: ClusterClient
    private let runID: String
    private let options: WatchOptions
    private let quiet: Bool
    private let names: DisplayNames?
    private var tasks = RemoteTasks()

    /// A watcher; `names` (from the submitted pipeline) turns task keys into display paths.
    init(client: ClusterClient, runID: String, options: WatchOptions, quiet: Bool, names: DisplayNames?) {
        self.client = client
        self.runID = runID
        self.options = options
        self.quiet = quiet
        self.names = names
    }

    /// Polls until the run is SUCCEEDED, FAILED, CANCELED or SKIPPED and returns it; throws on Ctrl-C
    /// (exit 130, after the terminate request with --cancel-on-interrupt), on --timeout and on API errors.
    func follow() throws -> Run {
        let events = ConsoleEvents(settings: .detect(quiet: quiet, verbose: false), names: names)
        let stop = StopSignal()
        let interrupts = InterruptHandler(announce: { _ in }) { stop.raise() }
        defer { interrupts.stop() }
        let started = Date()
        var delay = min(1.0, options.pollInterval)
        while true {
            let run: Run
            do {
                run = try client.call(Endpoints.getRun(runID), as: Run.self)
            } catch {
                events.finish()
                if stop.isRaised { try interrupted() }
                throw WatchErrors.duringWatch(error, runID: runID, host: client.host)
            }
            for update in tasks.apply(run) { events.taskUpdated(update) }
            if run.isFinished {
                events.finish()
                return run
            }
            if stop.wait(seconds: delay) {
                events.finish()
                try interrupted()
            }
            if let timeout = options.timeout, Date().timeIntervalSince(started) >= timeout {
                events.finish()
                throw WatchErrors.timedOut(run, after: timeout, link: client.host.runLink(runID))
            }
            delay = min(delay * 1.5, options.pollInterval)
        }
    }

    /// Writes `--junit`, prints the closing line and throws the exit of a run that did not succeed.
    func finish(_ run: Run) throws {
        if let junit = options.junit {
            try ReportFiles.write(RemoteReport.junit(run, tasks: tasks.all, host: client.host), to: junit)
        }
        Console.error(RemoteReport.closingLine(run, tasks: tasks.all, link: client.host.runLink(run.runID)))
        if run.state != .succeeded { throw CommandExit(code: .taskFailed) }
    }

    private func interrupted() throws -> Never {
        if options.cancelOnInterrupt {
            Console.error("tarmac: interrupted: asking \(client.host.authority) to terminate run \(runID)")
            _ = try client.send(Endpoints.terminateRun(runID))
        } else {
            Console.error("tarmac: interrupted: stopped watching; run \(runID) goes on (--cancel-on-interrupt would terminate it)")
        }
        throw CommandExit(code: .interrupted)
    }
}

/// A flag the signal handler raises and the poll loop waits on.
final class StopSignal: @unchecked Sendable {  // `condition` guards `raised`
    private let condition = NSCondition()
    private var raised = false

    /// Raises the flag and wakes the waiter.
    func raise() { condition.withLock { raised = true; condition.broadcast() } }

    /// Whether it was raised.
    var isRaised: Bool { condition.withLock { raised } }

    /// Waits up to `seconds`; true when the flag was (or is) raised.
    func wait(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        return condition.withLock {
            while !raised, condition.wait(until: deadline) {}
            return raised
        }
    }
}
