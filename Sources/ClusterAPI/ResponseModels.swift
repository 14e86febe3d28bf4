/// `V2beta1Experiment` as the API returns it (only the fields Tarmac reads).
public struct Experiment: Decodable, Sendable, Equatable {
    /// The experiment's id.
    public let experimentID: String
    /// Its name.
    public let displayName: String?

    enum CodingKeys: String, CodingKey {
        case experimentID = "experiment_id", displayName = "display_name"
    }
}

/// `V2beta1ListExperimentsResponse`.
public struct ExperimentList: Decodable, Sendable {
    /// The matching experiments (absent when none match).
    public let experiments: [Experiment]?
}

/// `V2beta1Run` as the API returns it (only the fields Tarmac reads).
public struct Run: Decodable, Sendable, Equatable {
    /// The run's id.
    public let runID: String
    /// Its name.
    public let displayName: String?
    /// Its state on the cluster (absent before the backend sets one).
    public let state: RuntimeState?
    /// Why it failed, when it did.
    public let error: Status?
    /// Its tasks.
    public let runDetails: RunDetails?
    /// RFC 3339 times.
    public let createdAt: String?
    /// RFC 3339 times.
    public let finishedAt: String?
    /// The parameters it was given.
    public let runtimeConfig: RunConfig?

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", displayName = "display_name", state, error, runDetails = "run_details"
        case createdAt = "created_at", finishedAt = "finished_at", runtimeConfig = "runtime_config"
    }

    /// True once the state is final (the SDK's `wait_for_run_completion` list, plus CANCELED).
    public var isFinished: Bool { state?.isFinal ?? false }
}

/// `V2beta1RuntimeConfig` as a run returns it.
public struct RunConfig: Decodable, Sendable, Equatable {
    /// Parameter values by name.
    public let parameters: [String: AnyJSON]?
}

/// `V2beta1RunDetails`.
public struct RunDetails: Decodable, Sendable, Equatable {
    /// Every task of the run, DAG drivers included.
    public let taskDetails: [TaskDetail]?

    enum CodingKeys: String, CodingKey { case taskDetails = "task_details" }
}

/// `V2beta1PipelineTaskDetail`: one task of a remote run.
public struct TaskDetail: Decodable, Sendable, Equatable {
    /// The task's id.
    public let taskID: String?
    /// Its name (the IR task name; the root DAG's is the run's name).
    public let displayName: String?
    /// Its state, as for runs.
    public let state: RuntimeState?
    /// RFC 3339 times.
    public let startTime: String?
    /// RFC 3339 times.
    public let endTime: String?
    /// Why it failed.
    public let error: Status?

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id", displayName = "display_name", state, startTime = "start_time", endTime = "end_time", error
    }
}

/// `GooglerpcStatus`: the error body of a failed call, and a run's or task's error.
public struct Status: Decodable, Sendable, Equatable {
    /// The gRPC code.
    public let code: Int?
    /// What went wrong, as the server says it.
    public let message: String?
}
