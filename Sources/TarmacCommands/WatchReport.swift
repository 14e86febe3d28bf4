import Basics
import ClusterAPI
import Engine
import Foundation
import Reporting
import RunDatabase

/// What a watched remote run leaves: the closing line, the JUnit report (as `tarmac run --junit` writes it) and errors.
enum RemoteReport {
    /// `remote run <id> FAILED: 2 succeeded, 1 failed  <link>`.
    static func closingLine(_ run: Run, tasks: [TaskUpdate], link: String) -> String {
        var counts: [(String, Int)] = []
        for state in [TaskState.succeeded, .skipped, .failed, .canceled, .running, .pending] {
            let n = tasks.filter { $0.state == state }.count
            if n > 0 { counts.append((state.rawValue.lowercased(), n)) }
        }
        let summary = counts.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
        let error = run.error?.message.map { " (\($0))" } ?? ""
        return "remote run \(run.runID) \(run.state?.rawValue ?? "UNKNOWN")\(error)\(summary.isEmpty ? "" : ": " + summary)  \(link)"
    }

    /// The JUnit XML of the run's tasks.
    static func junit(_ run: Run, tasks: [TaskUpdate], host: ClusterHost) -> String {
        let started = RemoteTasks.date(run.createdAt) ?? tasks.compactMap(\.started).min() ?? Date()
        let parameters = JSONValue.object((run.runtimeConfig?.parameters ?? [:]).mapValues(\.value)).canonicalJSON
        let record = RunRecord(id: run.runID, pipelineName: run.displayName ?? run.runID, pipelineFile: host.runLink(run.runID),
                               state: RemoteTasks.runState(run.state), parametersJSON: parameters, pipelineRoot: "",
                               started: started, finished: RemoteTasks.date(run.finishedAt), pid: nil)
        let records = tasks.map { task in
            TaskRecord(runID: run.runID, name: task.name, displayName: task.name, state: task.state, componentName: task.name,
                       started: task.started, finished: task.finished, error: task.detail)
        }
        return JUnitReport.render(RecordedRun(run: record, tasks: records), hostname: host.authority)
    }
}

/// The errors of `watch` beyond the API's own.
enum WatchErrors {
    /// An API error while watching, with the hint that the run itself is not affected.
    static func duringWatch(_ error: Error, runID: String, host: ClusterHost) -> Error {
        guard let error = error as? ClusterAPIError, error.kind == .unreachable || error.kind == .timedOut else { return error }
        return ClusterAPIError(error.kind, error.message + " while watching run \(runID)", at: error.whereText,
                               hint: "the run is not affected; follow it again with tarmac watch \(runID) --host \(host.base)")
    }

    /// `--timeout` passed with the run still going.
    static func timedOut(_ run: Run, after seconds: Double, link: String) -> Error {
        WatchTimeout(message: "run \(run.runID) is still \(run.state?.rawValue ?? "running") after --timeout \(ClusterClientSeconds.text(seconds)): stopped watching",
                     hint: "the run goes on on the cluster: \(link)")
    }
}

/// `--timeout` passed before the run ended (exit 1, as a failed run: a CI gate must not pass).
struct WatchTimeout: TarmacError {
    let message: String
    let hint: String?
    var location: Location? { nil }
    var exitCode: Basics.ExitCode { .taskFailed }
}

/// Seconds as `30 s` or `2.5 s`.
enum ClusterClientSeconds {
    static func text(_ value: Double) -> String { value == value.rounded() ? "\(Int(value)) s" : "\(value) s" }
}
