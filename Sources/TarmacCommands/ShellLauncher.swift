import Basics
import Foundation
import PipelineIR
#if canImport(Glibc)
import Glibc
#endif

/// Starts the shell of `tarmac shell`. From the real command line it replaces the `tarmac` process
/// (exec), so the shell owns the terminal and its signals and its exit status is the command's. Under
/// a test's `Console.capture` it runs as a child whose output goes to the capture.
enum ShellLauncher {
    /// Runs `argv` (argv[0] an absolute path or a name on PATH) in `directory` with exactly `environment`.
    static func run(_ argv: [String], environment: [String: String], directory: String) throws -> Int32 {
        if let capture = Console.capture { return try runCaptured(argv, environment: environment, directory: directory, capture: capture) }
        guard chdir(directory) == 0 else { throw IRError("cannot enter the task directory: \(String(cString: strerror(errno)))", at: .path(directory)) }
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        execve(resolve(argv[0]), cArguments, cEnvironment)
        throw IRError("cannot start \(argv[0]): \(String(cString: strerror(errno)))", at: .path(directory))
    }

    /// `name` itself when it has a slash, else the first executable of that name on the caller's PATH.
    private static func resolve(_ name: String) -> String {
        guard !name.contains("/") else { return name }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) } ?? name
    }

    private static func runCaptured(_ argv: [String], environment: [String: String], directory: String,
                                    capture: Console.Capture) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = argv
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let scratch = NSTemporaryDirectory() + "/tarmac-shell-\(UUID().uuidString)"
        defer { for suffix in [".out", ".err"] { try? FileManager.default.removeItem(atPath: scratch + suffix) } }
        for suffix in [".out", ".err"] { _ = FileManager.default.createFile(atPath: scratch + suffix, contents: nil) }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + ".out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + ".err"))
        try process.run()
        process.waitUntilExit()
        capture.append((try? String(contentsOfFile: scratch + ".out", encoding: .utf8)) ?? "", error: false)
        capture.append((try? String(contentsOfFile: scratch + ".err", encoding: .utf8)) ?? "", error: true)
        return process.terminationStatus
    }
}
