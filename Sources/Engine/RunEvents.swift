import Basics
import Foundation

/// A sink that drops every event (dry runs such as `plan --cache`, and tests).
public struct SilentEvents: RunEventSink {
    public init() {}
    public func taskUpdated(_ update: TaskUpdate) {}
    public func taskOutputLine(_ line: String) {}
    public func warning(_ message: String) {}
}

/// What the engine tells the outside while it runs (progress, logs, warnings). Called from any thread.
public protocol RunEventSink: Sendable {
    /// A task instance changed state, with the facts a progress view needs (see TaskUpdate.swift).
    func taskUpdated(_ update: TaskUpdate)
    /// A line of a task's output (already prefixed with the task name).
    func taskOutputLine(_ line: String)
    /// Something the user should know that is not an error (cluster divergences, ignored settings).
    func warning(_ message: String)
    /// A loop task has `finished` of its `total` iterations done; by default ignored.
    func loopProgressed(name: String, finished: Int, total: Int)
}
