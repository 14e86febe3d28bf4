import Foundation

/// The last lines of a log file, read from its end so a huge log costs little.
public enum LogTail {
    /// At most `lines` lines and `maxBytes` bytes from the end of `path`; nil when it cannot be read.
    public static func read(_ path: String, lines: Int = 30, maxBytes: Int = 16_384) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > UInt64(maxBytes) ? size - UInt64(maxBytes) : 0
        try? handle.seek(toOffset: start)
        let data = (try? handle.readToEnd()) ?? Data()
        let text = String(decoding: data, as: UTF8.self)
        return tail(of: text, lines: lines, dropFirstPartial: start > 0)
    }

    /// The last `lines` lines of `text`; `dropFirstPartial` drops a first line cut by the byte limit.
    static func tail(of text: String, lines: Int, dropFirstPartial: Bool) -> String {
        var all = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if all.last == "" { all.removeLast() }
        if dropFirstPartial, all.count > 1 { all.removeFirst() }
        return all.suffix(lines).joined(separator: "\n")
    }

    /// What a failure summary reads of a failed attempt's log (its last 2000 lines, at most 64 KiB), to find the cause in.
    public static func forFailure(_ path: String) -> String? {
        read(path, lines: 2000, maxBytes: 65_536)
    }
}
