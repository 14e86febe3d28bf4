import Foundation
import Glibc

/// Copies a child's stdout and stderr pipes into its log file as the bytes arrive (nothing is held
/// beyond one read buffer and one partial line), and hands complete lines to a line handler.
///
/// `@unchecked Sendable`: the pump is confined to its reader thread between `start()` and the
/// `finished` semaphore; the starting thread only touches it again after `wait()` returns.
final class OutputPump: @unchecked Sendable {
    /// Lines longer than this are passed on in pieces, so that memory stays bounded.
    static let maximumLineBytes = 64 * 1024

    private let fds: [Int32]
    private let logFD: Int32
    private var splitters: [LineSplitter]
    private let finished = DispatchSemaphore(value: 0)
    /// The first failure writing the log, if any (the pipes are still drained to the end).
    private(set) var writeError: String?
    /// How long the pipes are still drained after the leader exited (and its leftovers were killed): a process that
    /// escaped both its group and its marker (`env -i setsid …`) must not keep a task running by holding them open.
    static let drainAfterExit: Double = 2

    /// Takes ownership of the read ends `fds` (closed at EOF); `logFD` stays the caller's.
    init(fds: [Int32], logFD: Int32, onLine: (@Sendable (String) -> Void)?) {
        self.fds = fds
        self.logFD = logFD
        self.splitters = fds.map { _ in LineSplitter(onLine: onLine) }
    }

    /// Starts the reader thread.
    func start() {
        let thread = Thread { [self] in
            pump()
            finished.signal()
        }
        thread.name = "tarmac-output-pump"
        thread.start()
    }

    /// Blocks until every pipe has reached EOF and the last partial lines were flushed.
    func wait() { finished.wait() }

    /// Pumps on the calling thread instead of a reader thread (no thread to start and hand over to,
    /// which matters when thousands of short tasks run): until every pipe has reached EOF and
    /// `exitFD` (a pidfd) has polled readable. `onExit` runs once, as soon as it does.
    func run(exitFD: Int32, onExit: () -> Void) {
        pump(exitFD: exitFD, onExit: onExit)
    }

    private func pump(exitFD: Int32 = -1, onExit: () -> Void = {}) {
        var open = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let exitIndex = open.count
        open.append(pollfd(fd: exitFD, events: Int16(POLLIN), revents: 0))  // ignored when negative
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)  // not zeroed: read() fills it
        defer { buffer.deallocate() }
        var drainDeadline: ContinuousClock.Instant?
        while open.contains(where: { $0.fd >= 0 }) {
            var timeout: Int32 = -1
            if let drainDeadline {
                let left = (drainDeadline - .now).components
                timeout = Int32(clamping: max(0, left.seconds * 1000 + left.attoseconds / 1_000_000_000_000_000))
            }
            let ready = poll(&open, nfds_t(open.count), timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if ready == 0, drainDeadline != nil {  // something outside the task still holds its output open
                for index in fds.indices where open[index].fd >= 0 {
                    close(open[index].fd)
                    open[index].fd = -1
                    splitters[index].flush()
                }
                if writeError == nil {
                    writeError = "a process the task left behind held its output open after it exited; the rest was not read"
                }
                break
            }
            if open[exitIndex].fd >= 0 && open[exitIndex].revents != 0 {
                open[exitIndex].fd = -1
                onExit()
                drainDeadline = .now + .milliseconds(Int(Self.drainAfterExit * 1000))
            }
            for index in fds.indices where open[index].fd >= 0 && open[index].revents != 0 {
                let count = read(open[index].fd, buffer.baseAddress, buffer.count)
                if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                if count <= 0 {
                    close(open[index].fd)
                    open[index].fd = -1  // poll ignores negative fds
                    splitters[index].flush()
                    continue
                }
                let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                appendToLog(chunk)
                splitters[index].feed(chunk)
            }
        }
    }

    private func appendToLog(_ chunk: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < chunk.count, writeError == nil {
            let written = write(logFD, chunk.baseAddress! + offset, chunk.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                writeError = "cannot write the log: \(String(cString: strerror(errno)))"
            } else {
                offset += written
            }
        }
    }
}

/// Cuts a byte stream into lines (without the newline or a trailing CR) for a line handler.
struct LineSplitter {
    private let onLine: (@Sendable (String) -> Void)?
    private var pending: [UInt8] = []

    /// A splitter handing lines to `onLine` (nil: discard).
    init(onLine: (@Sendable (String) -> Void)?) { self.onLine = onLine }

    /// Passes on every line completed by `bytes` and keeps the rest.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard onLine != nil, let base = bytes.baseAddress else { return }
        var start = 0
        while start < bytes.count {
            let rest = UnsafeRawBufferPointer(start: base + start, count: bytes.count - start)
            guard let newline = memchr(base + start, Int32(UInt8(ascii: "\n")), rest.count) else {
                pending.append(contentsOf: rest)
                if pending.count >= OutputPump.maximumLineBytes { emit() }
                return
            }
            let length = base.distance(to: UnsafeRawPointer(newline)) - start
            pending.append(contentsOf: UnsafeRawBufferPointer(start: rest.baseAddress, count: length))
            emit()
            start += length + 1
        }
    }

    /// Passes on the last line when the stream ended without a newline.
    mutating func flush() {
        if !pending.isEmpty { emit() }
    }

    private mutating func emit() {
        if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
        onLine?(String(decoding: pending, as: UTF8.self))
        pending.removeAll(keepingCapacity: true)
    }
}
