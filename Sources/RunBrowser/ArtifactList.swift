import Foundation
import Reporting
import RunDatabase

/// The Run page's table of every artifact: producer, name, type, a download link, and a preview of small text files.
enum ArtifactList {
    /// The most bytes of a text file shown as a preview.
    static let previewBytes = 8 * 1024
    /// The most lines of a preview.
    static let previewLines = 20

    /// The table of `recorded`'s artifacts.
    static func render(_ recorded: RecordedRun) -> String {
        let rows = recorded.artifacts.map { artifact -> String in
            let path = localPath(artifact.uri)
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let link = exists ? "<a class=\"download\" download href=\"\(FileLinks.href(runID: recorded.run.id, path: path))\">"
                + (isDirectory.boolValue ? "list files" : "download") + "</a>" : "<span class=\"muted\">missing</span>"
            let preview = exists && !isDirectory.boolValue ? Self.preview(path).map {
                "<details><summary>preview</summary><pre class=\"preview\">\(Markup.escape($0))</pre></details>"
            } ?? "" : ""
            return "<tr><td>\(Markup.escape(artifact.producerTask))</td><td><b>\(Markup.escape(artifact.outputKey))</b></td>"
                + "<td>\(Markup.escape(artifact.schemaTitle))</td><td><code>\(Markup.escape(artifact.uri))</code>\(preview)</td>"
                + "<td>\(link) <a class=\"lineage\" href=\"\(LineagePage.href(artifact.id))\">lineage</a></td></tr>"
        }
        return "<table class=\"artifacts\"><thead><tr><th>producer</th><th>output</th><th>type</th><th>uri</th><th></th></tr></thead>"
            + "<tbody>" + rows.joined() + "</tbody></table>"
    }

    /// The file path of an artifact URI (`file://` or a plain path).
    static func localPath(_ uri: String) -> String {
        uri.hasPrefix("file://") ? (URL(string: uri)?.path ?? String(uri.dropFirst(7))) : uri
    }

    /// The first lines of a text file (text, CSV, JSON…), or nil for an empty or binary one.
    static func preview(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: previewBytes), !data.isEmpty, !data.contains(0),
              let text = String(data: data, encoding: .utf8) ?? String(data: data.dropLast(3), encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.prefix(previewLines).joined(separator: "\n") + (lines.count > previewLines || data.count == previewBytes ? "\n…" : "")
    }
}
