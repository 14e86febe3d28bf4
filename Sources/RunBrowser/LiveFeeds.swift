import Basics
import Foundation
import Reporting
import RunDatabase

/// The three live feeds (Server-Sent Events): the Runs page's "something changed", a run's task states, a task's log.
/// Each looks at file stamps with back-off and queries the store only when a stamp moved.
struct LiveFeeds: Sendable {
    /// The store read.
    let store: RunStore

    /// The database file and its write-ahead log.
    var databaseFiles: [String] { [store.path, store.path + "-wal"] }

    /// `change` whenever the store was written (the Runs page then fetches its table again).
    func runs(_ send: (String?, String) async throws -> Void) async throws {
        var last = FileStamp.of(databaseFiles)
        try await EventStream.watch { heartbeat in
            let now = FileStamp.of(databaseFiles), changed = now != last
            last = now
            if changed {
                try await send("change", "1")
            } else if heartbeat {
                try await send("ping", "")
            }
            return (changed, true)
        }
    }

    /// The run's state and its tasks' states as JSON (``RunSnapshot``) whenever they change; `end` once the run is over.
    func run(_ id: String, _ send: (String?, String) async throws -> Void) async throws {
        var stamp = FileStamp(parts: []), sent = ""
        try await EventStream.watch { heartbeat in
            let now = FileStamp.of(databaseFiles)
            guard now != stamp else {
                if heartbeat { try await send("ping", "") }
                return (false, true)
            }
            stamp = now
            let run = try store.run(id: id)
            let snapshot = RunSnapshot(run: run, tasks: try store.tasks(runID: run.id)).json
            if snapshot != sent {
                sent = snapshot
                try await send("state", snapshot)
            }
            guard run.state != .running else { return (true, true) }
            try await send("end", run.state.rawValue)
            return (true, false)
        }
    }

    /// The log of attempt `attempt` (from 1) of `task`: what it holds, then what is appended, as `log` events; `end` when
    /// the task is over and the file read to its end.
    func log(runID: String, task name: String, attempt: Int, _ send: (String?, String) async throws -> Void) async throws {
        var offset: UInt64 = 0, stamp = FileStamp(parts: []), following: String?
        var storeStamp = FileStamp(parts: []), current: (task: TaskRecord, path: String?)?
        try await EventStream.watch { heartbeat in
            let storeNow = FileStamp.of(databaseFiles)
            if storeNow != storeStamp {  // the store changed: the task's state or log file may have
                storeStamp = storeNow
                current = try store.task(runID: runID, name: name).map { ($0, try logPath($0, attempt: attempt)) }
            }
            guard let task = current?.task, let path = current?.path else {
                if heartbeat { try await send("ping", "") }
                return (false, true)
            }
            if path != following { (following, offset, stamp) = (path, 0, FileStamp(parts: [])) }  // a new attempt
            let now = FileStamp.of([path])
            var changed = false
            if now != stamp {
                stamp = now
                let chunk = LogChunk.read(path, from: offset)
                offset += UInt64(chunk.bytes)
                if chunk.bytes > 0 { try await send("log", chunk.text); changed = true }
                if chunk.bytes == LogChunk.maxBytes { stamp = FileStamp(parts: []) }  // more to read at once
            } else if heartbeat {
                try await send("ping", "")
            }
            if task.state.isFinal && !changed && Int64(offset) >= FileStamp.of([path]).firstSize {
                try await send("end", task.state.rawValue)
                return (false, false)
            }
            return (changed, true)
        }
    }

    /// The log file of attempt `attempt` (from 1) of a finished task; of a task still going, the file its newest
    /// process writes (from its launch record: the task row lists its logs only once it ends).
    func logPath(_ task: TaskRecord, attempt: Int) throws -> String? {
        let paths = task.logPaths
        if task.state.isFinal {
            return paths.indices.contains(attempt - 1) ? paths[attempt - 1] : paths.last
        }
        if let json = try store.invocationJSON(runID: task.runID, task: task.name),
           let file = (try? JSONValue.parse(json))?["log_file"]?.stringValue, !file.isEmpty { return file }
        return paths.last
    }
}

/// Bytes of a growing log from an offset, cut after the last complete line (so no character is split).
enum LogChunk {
    /// The most bytes one event carries.
    static let maxBytes = 256 * 1024

    /// The text from `offset` up to its last newline (or all of it when a long line has none), and its byte count.
    static func read(_ path: String, from offset: UInt64) -> (text: String, bytes: Int) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return ("", 0) }
        defer { try? handle.close() }
        try? handle.seek(toOffset: offset)
        guard let data = try? handle.read(upToCount: maxBytes), !data.isEmpty else { return ("", 0) }
        let end = data.lastIndex(of: 10).map { $0 + 1 } ?? (data.count == maxBytes ? data.endIndex : data.startIndex)
        let kept = data[data.startIndex..<end]
        return (String(decoding: kept, as: UTF8.self), kept.count)
    }
}
