import AsyncHTTPClient
import Foundation
import NIOCore

/// When to try a request again: on 502, 503 and 504 (a gateway or a restarting API server), and on a
/// connection reset for requests that are safe to repeat (GET); with doubling delays.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    public let attempts: Int
    /// Seconds before the second attempt; doubled after each, at most `maxDelay`.
    public let firstDelay: Double
    /// The longest wait between attempts.
    public let maxDelay: Double

    /// A policy.
    public init(attempts: Int = 4, firstDelay: Double = 0.5, maxDelay: Double = 8) {
        self.attempts = max(1, attempts)
        self.firstDelay = firstDelay
        self.maxDelay = maxDelay
    }

    /// Seconds to wait after attempt `n` (1-based) failed.
    public func delay(afterAttempt n: Int) -> Double {
        min(maxDelay, firstDelay * pow(2, Double(n - 1)))
    }

    /// The statuses retried.
    public static let retriedStatuses: Set<Int> = [502, 503, 504]

    static func shouldRetry(_ outcome: ClusterClient.Outcome, idempotent: Bool) -> Bool {
        switch outcome {
        case .answered(let response): return retriedStatuses.contains(response.status)
        case .failed(let error): return idempotent && isReset(error)
        }
    }

    /// A connection the server closed or reset under a request.
    static func isReset(_ error: Error) -> Bool {
        if let error = error as? HTTPClientError, error == .remoteConnectionClosed { return true }
        if let error = error as? IOError { return [ECONNRESET, EPIPE].contains(error.errnoCode) }
        return false
    }

    /// A connect, read or deadline timeout.
    static func isTimeout(_ error: Error) -> Bool {
        if let error = error as? HTTPClientError {
            return error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout
        }
        if let error = error as? ChannelError, case .connectTimeout = error { return true }
        return false
    }
}
