import Basics
import Foundation
import Planner

/// Where a run keeps its files: one place for the engine that writes them and the commands that read them.
public enum RunLayout {
    /// `<pipelineRoot>/<pipeline>/<runID>`.
    public static func runDirectory(pipelineRoot: String, pipeline: String, runID: String) -> String {
        ((pipelineRoot as NSString).appendingPathComponent(pipeline) as NSString).appendingPathComponent(runID)
    }

    /// The directory of one task instance: `<runDirectory>/<address>`, loop indexes as `.N` (`for-loop-2.3/add`).
    /// Distinct addresses get distinct directories: see `directoryName(_:)`.
    public static func taskDirectory(runDirectory: String, task: String) -> String {
        let relative = task.split(separator: "/", omittingEmptySubsequences: false).map { directoryName(String($0)) }
        return (runDirectory as NSString).appendingPathComponent(relative.joined(separator: "/"))
    }

    /// One address segment as a directory name, injectively: a plain key (`[A-Za-z0-9_-]`) stays as it is, a plain
    /// key with a loop index `key[N]` becomes `key.N`; any other key (a `.`, a stray `]`, a space, non-ASCII, …) has
    /// those characters replaced by `_` and `.h` + 10 hex digits of its SHA-256 appended. A plain name never has
    /// `.` followed by a letter, so `for-loop-2.0` (a task key) and `for-loop-2[0]` (an iteration) cannot meet.
    public static func directoryName(_ segment: String) -> String {
        if isPlain(segment.utf8) { return segment }
        if segment.hasSuffix("]"), let open = segment.lastIndex(of: "[") {
            let key = segment[..<open], index = segment[segment.index(after: open)..<segment.index(before: segment.endIndex)]
            if isPlain(key.utf8), !index.isEmpty, index.utf8.allSatisfy({ (0x30...0x39).contains($0) }) { return "\(key).\(index)" }
        }
        let sanitized = String(segment.unicodeScalars.map { scalar in
            isPlainByte(scalar.isASCII ? UInt8(scalar.value) : 0) ? Character(scalar) : "_"
        })
        return sanitized + ".h" + Digest.sha256(segment).prefix(10)
    }

    private static func isPlain(_ bytes: some Collection<UInt8>) -> Bool { !bytes.isEmpty && bytes.allSatisfy(isPlainByte) }

    private static func isPlainByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "-"): return true
        default: return false
        }
    }

    /// The log of one attempt: `<taskDirectory>/attempt-N.log`. Logs sit in the task directory itself, with
    /// no `logs/` subdirectory: a run of 10,000 short tasks then creates two inodes per task, not four
    /// (creating them is most of what Tarmac adds to a trivial task's cost on ext4).
    public static func attemptLog(taskDirectory: String, attempt: Int) -> String {
        taskDirectory + "/" + TaskLayout.attemptLogName(attempt)
    }

    /// The log of building a Lightweight Python component's environment: `<taskDirectory>/environment.log`.
    public static func environmentLog(taskDirectory: String) -> String {
        taskDirectory + "/" + TaskLayout.environmentLogName
    }
}
