import Foundation
import RunDatabase

/// What the Runs page shows: filters from the query string, the text searched for, the page.
public struct RunsQuery: Sendable, Equatable {
    /// Only runs of this pipeline.
    public var pipeline: String?
    /// Only runs in this state.
    public var state: String?
    /// Only runs filed under this experiment.
    public var experiment: String?
    /// Words that must all appear (case-insensitive) in the run's id, pipeline, experiment, state or parameters.
    public var text: String?
    /// The page, from 1.
    public var page = 1
    /// Runs per page.
    public var pageSize = 50

    /// A query from the page's query-string values (empty values are no filter).
    public init(values: [String: String] = [:]) {
        let value = { (key: String) in values[key].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        pipeline = value("pipeline")
        state = value("state")?.uppercased()
        experiment = value("experiment")
        text = value("q")
        page = max(1, Int(value("page") ?? "") ?? 1)
    }

    /// The runs of `all` (newest first) that pass the filters and the search.
    public func matching(_ all: [RunRecord]) -> [RunRecord] {
        let words = (text ?? "").lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        return all.filter { run in
            if let pipeline, run.pipelineName != pipeline { return false }
            if let state, run.state.rawValue != state { return false }
            if let experiment, run.experiment != experiment { return false }
            guard !words.isEmpty else { return true }
            let haystack = [run.id, run.pipelineName, run.experiment ?? "", run.state.rawValue, run.parametersJSON].joined(separator: " ").lowercased()
            return words.allSatisfy { haystack.contains($0) }
        }
    }

    /// The runs of page `page` among `matched`.
    public func pageOf(_ matched: [RunRecord]) -> ArraySlice<RunRecord> {
        let start = min((page - 1) * pageSize, matched.count)
        return matched[start..<min(start + pageSize, matched.count)]
    }

    /// The query string of this query on another page (`page=N`), without the empty values.
    public func queryString(page: Int? = nil) -> String {
        var items: [(String, String)] = []
        for (key, value) in [("pipeline", pipeline), ("state", state), ("experiment", experiment), ("q", text)] {
            if let value { items.append((key, value)) }
        }
        if let page, page > 1 { items.append(("page", String(page))) }
        return items.isEmpty ? "" : "?" + items.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    /// `value` percent-encoded for a query string (all but letters, digits and `-._~`).
    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
}
