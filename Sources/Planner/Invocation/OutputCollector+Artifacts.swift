import Basics
import PipelineIR

extension OutputCollector {
    /// The provisioned `artifact` merged with element 0 of what the executor output reports for it
    /// (§4.7 step 7, `mergeRuntimeArtifacts` in component/launcher_v2.go): metadata keys overwrite, a non-empty
    /// `uri` replaces the location, which locally is a path and so must stay inside the task directory.
    /// A non-empty `custom_path` does not move the artifact: the launcher uploads the data from there to the
    /// artifact's URI (`uploadOutputArtifacts`, `retrieveArtifactPath`), so it is returned for the caller to copy in.
    func merge(_ artifact: RuntimeArtifact, key: String, reported: [String: JSONValue]?)
        throws(InvocationError) -> (artifact: RuntimeArtifact, customPath: String?) {
        guard let reported else { return (artifact, nil) }
        var merged = artifact
        if let metadata = reported["metadata"], !metadata.isNull {
            guard let members = metadata.objectValue else {
                throw InvocationError("\(ExecutorOutput.fileName): artifacts['\(key)'] metadata must be an object, found a \(metadata.kindName)")
            }
            merged.metadata.merge(members) { _, new in new }
        }
        if let location = try text(reported, field: "uri", key: key) {
            merged.uri = try checkedLocation(location, key: key, field: "uri")
        }
        var custom = try text(reported, field: "custom_path", key: key)
        if custom == nil { custom = try text(reported, field: "customPath", key: key) }
        guard let custom else { return (merged, nil) }
        guard let normalized = TaskLayout.normalize(custom), normalized != "/" else {
            throw InvocationError("output artifact '\(key)': \(ExecutorOutput.fileName) sets custom_path to '\(custom)', which is not the absolute path of a file or directory below /",
                                  hint: "artifact.set_path(...) takes the absolute path of the file or directory the component wrote")
        }
        return (merged, normalized == merged.uri ? nil : normalized)
    }

    /// A string field of a reported artifact; nil when it is missing, null or empty.
    private func text(_ reported: [String: JSONValue], field: String, key: String) throws(InvocationError) -> String? {
        guard let value = reported[field], !value.isNull else { return nil }
        guard let location = value.stringValue else {
            throw InvocationError("\(ExecutorOutput.fileName): artifacts['\(key)'] \(field) must be a string, found a \(value.kindName)")
        }
        return location.isEmpty ? nil : location
    }

    /// `location` normalised, when it is an absolute path strictly inside the task directory.
    private func checkedLocation(_ location: String, key: String, field: String) throws(InvocationError) -> String {
        if let inside = layout.normalizedInside(location) { return inside }
        throw InvocationError(
            "output artifact '\(key)': \(ExecutorOutput.fileName) sets \(field) to '\(location)', which is not inside the task directory \(layout.taskDirectory)",
            hint: "locally an artifact's URI is its path; write the data to the provisioned path (artifact.path) instead of moving the artifact")
    }
}

extension TaskInvocation {
    /// The `custom_path` of each declared output artifact that the executor output reports one for (see
    /// `CollectedOutputs.customPaths`), read before the outputs are collected, while a container's files still
    /// exist. Reports that `collectOutputs` would reject are left out here; it rejects them afterwards.
    public func reportedCustomPaths(executorOutputText: String?) -> [String: String] {
        var warnings: [String] = []
        guard let output = try? ExecutorOutput.parse(executorOutputText, file: layout.executorOutputFile, warnings: &warnings) else {
            return [:]
        }
        let collector = OutputCollector(layout: layout)
        var paths: [String: String] = [:]
        for (key, artifact) in outputArtifacts where component.outputDefinitions.artifacts[key] != nil {
            if let custom = (try? collector.merge(artifact, key: key, reported: output.artifacts[key]))?.customPath { paths[key] = custom }
        }
        return paths
    }
}
