import Basics
import Foundation
import Reporting
import RunDatabase

/// The Cache page (`/cache`): every cache entry by pipeline, with its task, the run that wrote it, its size and
/// last use; with `tarmac ui --allow-delete`, a delete button per entry (a same-origin POST to `/cache/delete`).
enum CachePage {
    /// The page of `entries`; `canDelete` adds the buttons; `notice` is the outcome of the last delete.
    static func render(_ entries: [CacheEntry], canDelete: Bool, notice: String? = nil) -> String {
        var body = "<h1>Cache</h1>"
        if let notice { body += "<p class=\"notice\" id=\"cache-notice\">\(Markup.escape(notice))</p>" }
        let total = entries.reduce(Int64(0)) { $0 + $1.bytes }
        body += "<p class=\"muted\"><span id=\"entry-count\">\(entries.count)</span> entries, \(Markup.escape(ByteCountFormatter.string(fromByteCount: total, countStyle: .binary))) of objects"
            + (canDelete ? "" : " · read-only (start <code>tarmac ui --allow-delete</code> to delete entries)") + "</p>"
        let byPipeline = Dictionary(grouping: entries, by: \.pipelineName)
        for pipeline in byPipeline.keys.sorted() {
            let rows = byPipeline[pipeline]!.sorted { ($0.lastUsed, $0.taskName) > ($1.lastUsed, $1.taskName) }.map { row($0, canDelete: canDelete) }
            body += HTMLReport.section(pipeline, "<table class=\"cache\" data-pipeline=\"\(Markup.escape(pipeline))\"><thead><tr><th>task</th>"
                + "<th>component</th><th>written by</th><th>created</th><th>last used</th><th>size</th><th>key</th>"
                + (canDelete ? "<th></th>" : "") + "</tr></thead><tbody>" + rows.joined() + "</tbody></table>")
        }
        if entries.isEmpty { body += "<p class=\"muted\" id=\"no-entries\">no cache entries in this store</p>" }
        return PageFrame.page(title: "tarmac ui · cache", body: body)
    }

    static func row(_ entry: CacheEntry, canDelete: Bool) -> String {
        var html = "<tr class=\"entry\" data-key=\"\(Markup.escape(entry.cacheKey))\"><td>\(Markup.escape(entry.taskName))</td>"
            + "<td>\(Markup.escape(entry.componentName))</td><td>" + LineagePage.taskLink(entry.runID, entry.taskName, pipeline: nil) + "</td>"
            + "<td>\(Markup.escape(HTMLFormat.time(entry.created)))</td><td>\(Markup.escape(HTMLFormat.time(entry.lastUsed)))</td>"
            + "<td class=\"num\">\(Markup.escape(ByteCountFormatter.string(fromByteCount: entry.bytes, countStyle: .binary)))</td><td><code title=\"\(Markup.escape(entry.cacheKey))\">"
            + "\(Markup.escape(String(entry.cacheKey.prefix(12))))</code></td>"
        if canDelete {
            html += "<td><form method=\"post\" action=\"/cache/delete\" class=\"delete\">"
                + "<input type=\"hidden\" name=\"pipeline\" value=\"\(Markup.escape(entry.pipelineName))\">"
                + "<input type=\"hidden\" name=\"key\" value=\"\(Markup.escape(entry.cacheKey))\">"
                + "<button type=\"submit\">delete</button></form></td>"
        }
        return html + "</tr>"
    }

    /// The fields of an `application/x-www-form-urlencoded` body (`+` is a space).
    static func formFields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            if let name = parts.first, fields[name] == nil { fields[name] = parts.count > 1 ? parts[1] : "" }
        }
        return fields
    }
}
