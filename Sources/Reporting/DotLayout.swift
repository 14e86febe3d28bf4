import Basics
import Foundation

/// The layout made by Graphviz `dot` (`dot -Tjson`): ranks, crossing reduction, cluster frames for the
/// groups and edge splines routed around the nodes. Nil when `dot` is missing, fails or takes too long;
/// the report then uses the built-in ``LayeredLayout``.
public enum DotLayout {
    /// Graphs with more nodes than this use the built-in layout (`dot`'s time grows fast with size).
    public static let maxNodes = 1500
    /// How long `dot` may take.
    public static let timeout = 30.0

    /// `dot` on the search path (`PATH`), or nil.
    public static func dotExecutable(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let directories = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/dot" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The layout of `graph` with `groups` as clusters (labelled by `groupLabel`), or nil.
    public static func layout(_ graph: DagGraph, groups: DagGroups, groupLabel: (String) -> String) -> DagLayout? {
        guard graph.nodes.count <= maxNodes, let dot = dotExecutable() else { return nil }
        let source = DotSource.write(graph, groups: groups, groupLabel: groupLabel)
        guard let json = run(dot, source), let value = try? JSONValue.parse(json) else { return nil }
        return DotSource.read(value, graph, groups: groups)
    }

    /// Runs `dot -Tjson` on `source` with a time limit; its output, or nil.
    static func run(_ dot: String, _ source: String) -> String? {
        let directory = NSTemporaryDirectory() + "tarmac-dot-\(UUID().uuidString)"
        guard (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil else { return nil }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (input, output) = (directory + "/graph.dot", directory + "/graph.json")
        guard (try? source.write(toFile: input, atomically: true, encoding: .utf8)) != nil else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dot)
        process.arguments = ["-Tjson", input, "-o", output]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        guard (try? process.run()) != nil else { return nil }
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            done.wait()
            return nil
        }
        guard process.terminationStatus == 0 else { return nil }
        return try? String(contentsOfFile: output, encoding: .utf8)
    }
}
