import Engine
import Foundation

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

    /// The live view: every row (the oldest finished ones summarised in one line when they do not fit),
    /// then a line of counts.
    static func live(_ model: ProgressModel, now: Date, frame: Int, style: Style) -> [String] {
        var rows = model.rows
        let room = max(3, style.height - 3)
        var hidden = 0
        if rows.count > room {
            // Keep every unfinished row and the newest finished ones.
            let unfinished = rows.filter { !$0.state.isFinal }.count
            var dropFinished = rows.count - room
            rows = rows.filter { row in
                if dropFinished > 0, row.state.isFinal, unfinished < room { dropFinished -= 1; hidden += 1; return false }
                return true
            }
        }
        let width = labelWidth(model.rows)
        var lines: [String] = []
        if hidden > 0 { lines.append(fit([Segment("  … \(hidden) finished task\(hidden == 1 ? "" : "s") above", .dim)], style)) }
        lines += rows.map { fit(segments($0, now: now, frame: frame, labelWidth: width), style) }
        lines.append(fit(counts(model, now: now), style))
        return lines
    }

    /// The static summary printed when the run ends: every row, no spinner.
    static func summary(_ model: ProgressModel, style: Style) -> [String] {
        let width = labelWidth(model.rows)
        return model.rows.map { fit(segments($0, now: $0.finished ?? Date.distantPast, frame: 0, labelWidth: width), style) }
    }

    /// One row: symbol, label, state, duration and notes.
    static func segments(_ row: ProgressModel.Row, now: Date, frame: Int, labelWidth: Int) -> [Segment] {
        let (symbol, color) = mark(row.state, frame: frame)
        var result = [Segment(symbol, color), Segment(" " + row.label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + " "),
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

    /// `3 running · 5 succeeded · 1 failed` over the rows.
    static func counts(_ model: ProgressModel, now: Date) -> [Segment] {
        var tally: [TaskState: Int] = [:]
        for row in model.rows { tally[row.state == .pending ? .running : row.state, default: 0] += 1 }
        let parts = TaskState.allCases.compactMap { state in tally[state].map { "\($0) \(state.rawValue.lowercased().replacingOccurrences(of: "_", with: " "))" } }
        return [Segment(parts.isEmpty ? "starting" : parts.joined(separator: " · "), .dim)]
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
        case .canceled: return ("⊘", .yellow)
        }
    }

    /// `0.4s`, `12.0s`, `2m03s`, `1h05m`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds)
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%dh%02dm", whole / 3600, (whole % 3600) / 60)
    }

    private static func labelWidth(_ rows: [ProgressModel.Row]) -> Int {
        min(48, max(10, rows.map(\.label.count).max() ?? 0))
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
