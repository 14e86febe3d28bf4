import Foundation
import Testing
@testable import RunDatabase

@Suite struct LineageTests {
    /// ingest → dataset → train → model, recorded the way the engine records a run.
    private func recordTraining(_ store: RunStore) throws {
        try store.write([
            .insertRun(sampleRun("run-1", pipeline: "training")),
            .upsertTask(sampleTask("run-1", "ingest", started: 1)),
            .upsertTask(sampleTask("run-1", "train", started: 2)),
            .insertArtifact(sampleArtifact("dataset-1", run: "run-1", task: "ingest", key: "dataset")),
            .insertArtifact(sampleArtifact("params-1", run: "run-1", task: "ingest", key: "params")),
            .recordArtifactUse(ArtifactUse(runID: "run-1", consumerTask: "train", inputKey: "dataset",
                                           artifactID: "dataset-1")),
            .recordArtifactUse(ArtifactUse(runID: "run-1", consumerTask: "train", inputKey: "config",
                                           artifactID: "params-1")),
            .insertArtifact(sampleArtifact("model-1", run: "run-1", task: "train", key: "model",
                                           uri: "/models/m.pt", created: 3)),
        ])
    }

    @Test func whichRunProducedThisModelFromWhichDataset() throws {
        try withStore { store in
            try recordTraining(store)
            let lineage = try store.lineage(artifactID: "model-1")
            #expect(lineage.run.id == "run-1")
            #expect(lineage.producer?.name == "train")
            #expect(lineage.inputs.map(\.inputKey) == ["config", "dataset"])
            let dataset = try #require(lineage.inputs.first { $0.inputKey == "dataset" })
            #expect(dataset.artifact.id == "dataset-1")
            #expect(dataset.artifact.producerTask == "ingest")
        }
    }

    @Test func producersOfURIAndConsumers() throws {
        try withStore { store in
            try recordTraining(store)
            try store.insertRun(sampleRun("run-2", pipeline: "training", started: 10))
            try store.insertArtifact(sampleArtifact("model-2", run: "run-2", task: "train", key: "model",
                                                    uri: "/models/m.pt", created: 12))
            let producers = try store.producers(ofArtifactURI: "/models/m.pt")
            #expect(producers.map(\.artifact.id) == ["model-2", "model-1"])
            #expect(producers[0].producer == nil)  // run-2 never recorded its task row
            #expect(producers[1].inputs.count == 2)
            #expect(try store.producers(ofArtifactURI: "/nowhere").isEmpty)
            #expect(try store.consumers(ofArtifactID: "dataset-1").map(\.consumerTask) == ["train"])
        }
    }

    @Test func sourceArtifactHasNoInputs() throws {
        try withStore { store in
            try recordTraining(store)
            let lineage = try store.lineage(artifactID: "dataset-1")
            #expect(lineage.producer?.name == "ingest")
            #expect(lineage.inputs.isEmpty)
        }
    }

    @Test func unknownArtifact() throws {
        try withStore { store in
            let error = storeError { _ = try store.lineage(artifactID: "nope") }
            #expect(error?.kind == .unknownArtifact)
            #expect(error?.message == "no artifact 'nope' in \(store.path)")
        }
    }
}
