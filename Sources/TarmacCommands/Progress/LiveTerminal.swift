import Dispatch
import Engine
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The live view on a terminal: keeps a `ProgressModel`, redraws it in place at most ten times a second
/// (cursor up, each new line over the old one and cleared to its end, then the rest of the screen cleared,
/// in one write; never one clear of the whole screen, which some terminals such as tmux first push into
/// the scrollback), and never taller than the terminal (a frame that scrolled could not be erased). Prints permanent lines
/// (failures, warnings, `--verbose` output) above it, and ends with the static summary. The drawing is
/// thin: what is drawn comes from `ProgressRenderer`.
final class LiveTerminal: @unchecked Sendable {  // every mutable field is guarded by `lock`
    private let lock = NSLock()
    private var model: ProgressModel
    private var style: ProgressRenderer.Style
    private var drawnLines = 0
    /// The lines of the last frame, drawn again under printed lines while nothing changed.
    private var lastFrame: [String] = []
    private var frame = 0
    private var dirty = true
    private var stopped = false
    private let timer: DispatchSourceTimer
    private let write: @Sendable (String) -> Void

    /// A view writing through `write` (stderr by default); starts its redraw timer at once.
    init(style: ProgressRenderer.Style, model: ProgressModel = ProgressModel(),
         write: @escaping @Sendable (String) -> Void = LiveTerminal.writeToStandardError) {
        self.style = style
        self.model = model
        self.write = write
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "tarmac.progress"))
        timer.schedule(deadline: .now() + .milliseconds(100), repeating: .milliseconds(100))
        timer.setEventHandler { [weak self] in self?.tick() }
        timer.resume()
    }

    /// Applies a task update (drawn at the next tick).
    func apply(_ update: TaskUpdate) {
        lock.withLock { model.apply(update, now: Date()); dirty = true }
    }

    /// Applies loop progress (drawn at the next tick).
    func applyLoop(name: String, finished: Int, total: Int) {
        lock.withLock { model.applyLoop(name: name, finished: finished, total: total, now: Date()); dirty = true }
    }

    /// Prints lines above the live view, which is redrawn under them.
    func printAbove(_ lines: [String]) {
        lock.withLock {
            guard !stopped else { write(lines.map { $0 + "\n" }.joined()); return }
            write(eraseSequence() + Self.overwrite(lines, clearBelow: false) + drawSequence(reusing: !dirty))
        }
    }

    /// Stops redrawing and replaces the live view with the static summary.
    func finish() {
        lock.withLock {
            guard !stopped else { return }
            stopped = true
            timer.cancel()
            let summary = ProgressRenderer.summary(model, style: style)
            write(eraseSequence() + Self.overwrite(summary, clearBelow: true))
        }
    }

    private func tick() {
        lock.withLock {
            guard !stopped else { return }
            frame += 1
            if let size = Self.terminalSize() { style.width = size.columns; style.height = size.rows }
            guard dirty || model.isRunning else { return }
            dirty = false
            write(eraseSequence() + drawSequence())
        }
    }

    /// Moves to the first line of the view, which the next lines overwrite (call with `lock` held).
    private func eraseSequence() -> String {
        defer { drawnLines = 0 }
        return drawnLines > 0 ? "\r\u{1B}[\(drawnLines)A" : ""
    }

    /// The view's lines, each written over what was there, then the screen below cleared; `reusing` draws the
    /// last frame's lines again (nothing changed since) instead of rendering the model (call with `lock` held).
    private func drawSequence(reusing: Bool = false) -> String {
        let lines = reusing && !lastFrame.isEmpty ? lastFrame : ProgressRenderer.live(model, now: Date(), frame: frame, style: style)
        lastFrame = lines
        drawnLines = lines.count
        return Self.overwrite(lines, clearBelow: true)
    }

    /// Each line cleared to its end after its text; with `clearBelow`, the rest of the screen cleared at the end.
    static func overwrite(_ lines: [String], clearBelow: Bool) -> String {
        lines.map { $0 + "\u{1B}[K\n" }.joined() + (clearBelow ? "\u{1B}[J" : "")
    }

    /// The size of the terminal on stderr, when it is one.
    static func terminalSize() -> (columns: Int, rows: Int)? {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    /// Writes raw text to stderr.
    static let writeToStandardError: @Sendable (String) -> Void = { text in
        Console.writeRaw(text, to: STDERR_FILENO)
    }
}
