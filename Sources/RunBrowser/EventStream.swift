import Foundation
import Hummingbird

/// A Server-Sent Events response (`text/event-stream`) whose events a loop writes until the browser goes away.
enum EventStream {
    /// How often a comment line is sent when nothing happens, so that a closed connection is noticed.
    static let heartbeat: Duration = .seconds(10)

    /// The response that runs `loop` with a function sending one event (`event` name, `data` text).
    static func response(_ loop: @escaping @Sendable (_ send: (String?, String) async throws -> Void) async throws -> Void) -> Response {
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
            try await loop { event, data in
                var text = event.map { "event: \($0)\n" } ?? ""
                for line in data.split(separator: "\n", omittingEmptySubsequences: false) { text += "data: \(line)\n" }
                try await writer.write(ByteBuffer(string: text + "\n"))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }

    /// Calls `look` after each wait of `backOff` until it returns false; `look` gets whether a heartbeat is due.
    static func watch(_ look: (_ heartbeatDue: Bool) async throws -> (changed: Bool, goOn: Bool)) async throws {
        var backOff = BackOff(), quiet: Duration = .zero
        var wait = BackOff.shortest
        while !Task.isCancelled {
            try await Task.sleep(for: wait)
            quiet += wait
            let due = quiet >= heartbeat
            if due { quiet = .zero }
            let (changed, goOn) = try await look(due)
            guard goOn else { return }
            wait = backOff.next(changed: changed)
        }
    }
}
