import Basics
import PipelineIR

extension OutputCollector {
    /// The provisioned `artifact` merged with element 0 of what the executor output reports for it
    /// (§4.7 step 7): metadata keys overwrite, a non-empty `uri` and then `custom_path` replace the
    /// location. Locally a location is a path, so it must stay inside the task directory.
    func merge(_ artifact: RuntimeArtifact, key: String, reported: [String: JSONValue]?) throws(InvocationError) -> RuntimeArtifact {
        guard let reported else { return artifact }
        var merged = artifact
        if let metadata = reported["metadata"], !metadata.isNull {
            guard let members = metadata.objectValue else {
                throw InvocationError("\(ExecutorOutput.fileName): artifacts['\(key)'] metadata must be an object, found a \(metadata.kindName)")
            }
            merged.metadata.merge(members) { _, new in new }
        }
        for field in ["uri", "custom_path", "customPath"] {
            guard let value = reported[field], !value.isNull else { continue }
            guard let location = value.stringValue else {
                throw InvocationError("\(ExecutorOutput.fileName): artifacts['\(key)'] \(field) must be a string, found a \(value.kindName)")
            }
            if location.isEmpty { continue }
            merged.uri = try checkedLocation(location, key: key, field: field)
        }
        return merged
    }

    /// `location` normalised, when it is an absolute path strictly inside the task directory.
    private func checkedLocation(_ location: String, key: String, field: String) throws(InvocationError) -> String {
        if let inside = layout.normalizedInside(location) { return inside }
        throw InvocationError(
            "output artifact '\(key)': \(ExecutorOutput.fileName) sets \(field) to '\(location)', which is not inside the task directory \(layout.taskDirectory)",
            hint: "locally an artifact's URI is its path; write the data to the provisioned path (artifact.path) instead of moving the artifact")
    }
}
