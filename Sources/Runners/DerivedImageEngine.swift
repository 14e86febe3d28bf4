import Basics
import Foundation

/// The engine CLI calls behind derived images (`image inspect`, `pull`, `commit`, `rmi`), podman's and docker's alike.
struct EngineCommands: Sendable {
    let executable: String
    let environment: [String: String]

    /// The base image's ID, pulled first under `always` (or when missing under `missing`); nil when it cannot be had.
    func baseImageID(_ image: String, pull: ImagePullPolicy, log: String) -> String? {
        if pull == .always, !self.pull(image, log: log) { return nil }
        if let id = imageID(image) { return id }
        guard pull == .missing, self.pull(image, log: log) else { return nil }
        return imageID(image)
    }

    /// `image inspect --format {{.Id}}`.
    func imageID(_ image: String) -> String? {
        let (outcome, output) = SubprocessRunner.capture([executable, "image", "inspect", "--format", "{{.Id}}", image],
                                                         environment: environment, timeout: 60)
        let id = output.trimmingCharacters(in: .whitespacesAndNewlines)
        return outcome.succeeded && !id.isEmpty && !id.contains("\n") ? id : nil
    }

    /// Whether an image of that reference exists locally.
    func exists(_ image: String) -> Bool { imageID(image) != nil }

    private func pull(_ image: String, log: String) -> Bool {
        PythonEnvironmentStore.appendLine("$ \(executable) pull \(image)", to: log)
        let (outcome, output) = SubprocessRunner.capture([executable, "pull", image], environment: environment, timeout: 3600)
        PythonEnvironmentStore.appendLine(output.trimmingCharacters(in: .newlines), to: log)
        return outcome.succeeded
    }

    /// The base image's `Entrypoint` and `Cmd` as JSON (`null` when unset), restored on the commit: the build
    /// container's own entrypoint and command must not become the derived image's.
    func config(of image: String) -> (entrypoint: String, cmd: String) {
        let (outcome, output) = SubprocessRunner.capture([executable, "image", "inspect", "--format",
                                                          "{{json .Config.Entrypoint}}\n{{json .Config.Cmd}}", image],
                                                         environment: environment, timeout: 60)
        let lines = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard outcome.succeeded, lines.count == 2 else { return ("null", "null") }
        return (lines[0], lines[1])
    }

    /// `commit` with the base's entrypoint and command; nil on success, else the engine's message.
    func commit(_ container: String, tag: String, restoring base: (entrypoint: String, cmd: String), log: String) -> String? {
        let change = { (json: String) in json == "null" || json.isEmpty ? "[]" : json }
        let argv = [executable, "commit", "--change", "ENTRYPOINT " + change(base.entrypoint), "--change", "CMD " + change(base.cmd),
                    container, tag]
        PythonEnvironmentStore.appendLine("$ " + argv.joined(separator: " "), to: log)
        let (outcome, output) = SubprocessRunner.capture(argv, environment: environment, timeout: 3600)
        if outcome.succeeded { return nil }
        let message = output.trimmingCharacters(in: .whitespacesAndNewlines)
        PythonEnvironmentStore.appendLine(message, to: log)
        return message.isEmpty ? ContainerRunner.describeFailure(outcome) : message
    }

    /// `rmi TAG` (never `--force`: an image a container still uses stays); nil when it is gone, else the engine's message.
    func removeImage(_ tag: String) -> String? {
        let (outcome, output) = SubprocessRunner.capture([executable, "rmi", tag], environment: environment, timeout: 600)
        let message = output.trimmingCharacters(in: .whitespacesAndNewlines)
        if outcome.succeeded || !exists(tag) { return nil }
        return message.isEmpty ? ContainerRunner.describeFailure(outcome) : message
    }

    /// The image's size in bytes as the engine reports it (`.Size`).
    func size(_ image: String) -> Int64? {
        let (outcome, output) = SubprocessRunner.capture([executable, "image", "inspect", "--format", "{{.Size}}", image],
                                                         environment: environment, timeout: 60)
        return outcome.succeeded ? Int64(output.trimmingCharacters(in: .whitespacesAndNewlines)) : nil
    }
}
