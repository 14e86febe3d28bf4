import Basics
import Engine
import Foundation
import Planner

/// Turns a `ProgressModel` into the lines of the live view and of the final summary. Pure: the time,
/// the spinner frame and the terminal size come in as arguments, so tests pin them.
enum ProgressRenderer {
    /// How lines are drawn.
    struct Style: Sendable, Hashable {
        /// ANSI colours (off for NO_COLOR and off a terminal).
        var color: Bool
        /// Columns; a line never reaches the last one (a wrapped line would break in-place redrawing).
        var width: Int = 100
        /// Rows of the terminal; the live view keeps below it.
        var height: Int = 40
    }

    /// The frames of the running-task spinner.
    static let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    /// The live view, never taller than the terminal: running and failed rows first, then the newest
    /// finished ones while they fit (the rest are in the totals), then one line of totals.
    static func live(_ model: ProgressModel, now: Date, frame: Int, style: Style) -> [String] {
        let room = max(1, style.height - 2)  // the totals line, and the line the cursor rests on
        let ordered = ordered(model.rows)
        let active = ordered.filter { rank($0) < 2 }
        let finished = ordered.filter { rank($0) == 2 }
        var shown = Array(active.prefix(room))
        var more = active.count - shown.count
        if more > 0, !shown.isEmpty { shown.removeLast(); more += 1 }  // room for the "… more" line
        let space = room - shown.count - (more > 0 ? 1 : 0)
        let newest = finished.sorted { ($0.finished ?? .distantPast) > ($1.finished ?? .distantPast) }
        let kept = Set(newest.prefix(max(0, space)).map(\.name))
        shown += finished.filter { kept.contains($0.name) }
        let width = labelWidth(shown, style: style)
        var lines = shown.map { fit(segments($0, now: now, frame: frame, labelWidth: width), style) }
        if more > 0 { lines.append(fit([Segment("  … \(more) more running", .dim)], style)) }
        lines.append(fit(totals(model, now: now, final: false), style))
        return lines
    }

    /// The static summary printed when the run ends: every row in natural order, no spinner, then the totals.
    static func summary(_ model: ProgressModel, style: Style, now: Date = Date()) -> [String] {
        let rows = ordered(model.rows)
        let width = labelWidth(rows, style: style)
        return rows.map { fit(segments($0, now: $0.finished ?? Date.distantPast, frame: 0, labelWidth: width), style) }
            + [fit(totals(model, now: now, final: true), style)]
    }

    /// Rows in the order people scan: running ones, then failed, then the rest, each by natural order of title.
    static func ordered(_ rows: [ProgressModel.Row]) -> [ProgressModel.Row] {
        let keyed = rows.map { (rank: rank($0), key: NaturalOrder.Key($0.label), row: $0) }  // each label split once
        return keyed.sorted { a, b in a.rank != b.rank ? a.rank < b.rank : a.key < b.key }.map(\.row)
    }

    /// 0 running (or pending), 1 failed or with failures inside (both stay in the live view), 2 finished.
    static func rank(_ row: ProgressModel.Row) -> Int {
        if !row.state.isFinal { return 0 }
        return row.state == .failed || row.failedInside > 0 ? 1 : 2
    }

    /// One row: symbol, label, state, duration and notes.
    static func segments(_ row: ProgressModel.Row, now: Date, frame: Int, labelWidth: Int) -> [Segment] {
        let (symbol, color) = mark(row.state, frame: frame)
        let label = MiddleCut.cut(row.label, to: labelWidth)
        var result = [Segment(symbol, color), Segment(" " + label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + " "),
                      Segment(row.state.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0), color)]
        if let started = row.started, row.state != .cached {
            let end = row.finished ?? now
            result.append(Segment(" " + duration(max(0, end.timeIntervalSince(started))).leftPadded(to: 7)))
        }
        var notes: [String] = []
        if let code = row.exitCode, code != 0 { notes.append("exit code \(code)") }
        if row.attempts > 1 { notes.append("\(row.attempts) attempts") }
        if !row.runningInside.isEmpty, !row.state.isFinal { notes.append("\(row.runningInside.count) running") }
        if row.failedInside > 0 { notes.append("\(row.failedInside) failed inside") }
        if !notes.isEmpty { result.append(Segment("  " + notes.joined(separator: ", "), .dim)) }
        return result
    }

    /// `12/31 done · 4 running · 1 failed · 0:14` over the leaf tasks (groups and loops are not counted).
    static func totals(_ model: ProgressModel, now: Date, final: Bool) -> [Segment] {
        let totals = model.totals
        var parts = ["\(totals.done)/\(totals.expected) done"]
        if !final || totals.running > 0 { parts.append("\(totals.running) running") }
        if totals.failed > 0 { parts.append("\(totals.failed) failed") }
        if let begun = model.begun { parts.append(clock(max(0, now.timeIntervalSince(begun)))) }
        return [Segment(parts.joined(separator: " · "), .dim)]
    }

    /// `0:14`, `12:03`, `1:05:09`: elapsed time as a clock reads.
    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds)
        if whole < 3600 { return String(format: "%d:%02d", whole / 60, whole % 60) }
        return String(format: "%d:%02d:%02d", whole / 3600, (whole % 3600) / 60, whole % 60)
    }

    /// The symbol and colour of a state.
    static func mark(_ state: TaskState, frame: Int) -> (String, Color?) {
        switch state {
        case .pending, .running: return (spinner[frame % spinner.count], .cyan)
        case .succeeded: return ("✓", .green)
        case .cached: return ("✓", .blue)
        case .skipped: return ("○", .yellow)
        case .failed: return ("✗", .red)
        case .notRun: return ("·", .dim)
        case .canceled, .interrupted: return ("⊘", .yellow)
        }
    }

    /// `0.4s`, `12.0s`, `2m03s`, `1h05m`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds)
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%dh%02dm", whole / 3600, (whole % 3600) / 60)
    }

    /// The label column: as wide as the longest label, at most what leaves room for state and duration.
    private static func labelWidth(_ rows: [ProgressModel.Row], style: Style) -> Int {
        let fixed = 1 + 2 + 9 + 8 + 1  // symbol, spaces, state, duration, the last column
        return max(8, min(64, style.width - fixed, rows.map(\.label.count).max() ?? 0))
    }

    /// Joins segments, cut to the style's width, coloured when the style says so.
    static func fit(_ segments: [Segment], _ style: Style) -> String {
        var room = max(10, style.width - 1)
        var line = ""
        for segment in segments where room > 0 {
            let text = String(segment.text.prefix(room))
            room -= text.count
            line += style.color ? (segment.color.map { $0.wrap(text) } ?? text) : text
        }
        return style.color ? line : String(line.reversed().drop { $0 == " " }.reversed())
    }
}

/// A piece of a line with an optional colour.
struct Segment: Sendable, Hashable {
    /// The visible text.
    let text: String
    /// Its colour, if any.
    let color: Color?

    /// A segment; uncoloured by default.
    init(_ text: String, _ color: Color? = nil) {
        self.text = text
        self.color = color
    }
}

/// The few ANSI colours the progress view uses.
enum Color: String, Sendable, Hashable {
    case red = "31", green = "32", yellow = "33", blue = "34", cyan = "36", dim = "2", bold = "1"

    /// `text` in this colour, reset after.
    func wrap(_ text: String) -> String { "\u{1B}[\(rawValue)m\(text)\u{1B}[0m" }
}

extension String {
    /// The string right-aligned in `width` columns.
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
