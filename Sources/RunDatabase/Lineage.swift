import Foundation

/// One use of an artifact as a task input: the edge that lineage follows upstream.
public struct ArtifactUse: Sendable, Hashable, Codable {
    /// The run of the consuming task.
    public var runID: String
    /// The consuming task instance's name.
    public var consumerTask: String
    /// The consumer's input key (e.g. `dataset`).
    public var inputKey: String
    /// The consumed artifact's id (it may belong to an earlier run, e.g. after a cache hit).
    public var artifactID: String

    /// Makes a use record.
    public init(runID: String, consumerTask: String, inputKey: String, artifactID: String) {
        self.runID = runID
        self.consumerTask = consumerTask
        self.inputKey = inputKey
        self.artifactID = artifactID
    }

    /// The `artifact_uses` columns (the record is `Codable`; Records+GRDB.swift makes it a GRDB record).
    enum CodingKeys: String, CodingKey {
        case runID = "run_id", consumerTask = "consumer_task", inputKey = "input_key", artifactID = "artifact_id"
    }
}

/// Where an artifact came from: the run and task that produced it, and what that task consumed.
public struct ArtifactLineage: Sendable, Hashable {
    /// The artifact asked about.
    public var artifact: ArtifactRecord
    /// The run that produced it.
    public var run: RunRecord
    /// The producing task, or nil when its row was never recorded (e.g. an interrupted run).
    public var producer: TaskRecord?
    /// The producer's input artifacts (one level up), ordered by input key.
    public var inputs: [Input]

    /// One input artifact of the producer.
    public struct Input: Sendable, Hashable {
        /// The producer's input key.
        public var inputKey: String
        /// The artifact bound to it.
        public var artifact: ArtifactRecord

        /// Makes an input entry.
        public init(inputKey: String, artifact: ArtifactRecord) {
            self.inputKey = inputKey
            self.artifact = artifact
        }
    }

    /// Makes a lineage answer.
    public init(artifact: ArtifactRecord, run: RunRecord, producer: TaskRecord?, inputs: [Input]) {
        self.artifact = artifact
        self.run = run
        self.producer = producer
        self.inputs = inputs
    }
}
