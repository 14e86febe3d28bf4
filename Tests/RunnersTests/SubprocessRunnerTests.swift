import Foundation
import Glibc
import Testing
@testable import Runners

@Suite("SubprocessRunner: launching and output")
struct SubprocessRunnerTests {
    let runner = SubprocessRunner()

    @Test("exit codes pass through; a non-zero exit is an outcome", arguments: [0, 1, 3, 42, 255])
    func exitCodes(code: Int32) throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outcome = runner.run(TestSupport.shell("exit \(code)", in: dir))
        #expect(outcome.exitCode == code)
        #expect(outcome.termination == .exited(code))
        #expect(outcome.succeeded == (code == 0))
        #expect(outcome.durationSeconds > 0)
    }

    @Test("a process killed by a signal reports the signal")
    func signalled() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outcome = runner.run(TestSupport.shell("kill -9 $$", in: dir))
        #expect(outcome.termination == .signaled(SIGKILL) && outcome.exitCode == nil && !outcome.succeeded)
    }

    @Test("a log directory or log file that is a symbolic link is refused; the started process is ended, nothing is written there")
    func linkedLogIsRefused() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outside = dir + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/logs", withDestinationPath: outside)
        var spec = TestSupport.shell("echo planted; sleep 30", in: dir)
        spec.logFile = dir + "/logs/attempt-0.log"
        let started = Date()
        let outcome = runner.run(spec)
        #expect(outcome.launchFailure?.hasPrefix("cannot open the log directory \(dir)/logs") == true, "\(outcome)")
        #expect(Date().timeIntervalSince(started) < 25, "the started process was not ended")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
        try FileManager.default.removeItem(atPath: dir + "/logs")
        try FileManager.default.createDirectory(atPath: dir + "/logs", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/logs/attempt-0.log", withDestinationPath: outside + "/log")
        #expect(runner.run(spec).launchFailure?.hasPrefix("cannot open the log file") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
    }

    @Test("a missing command is a launch error, found on the spec's PATH only")
    func missingCommand() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var spec = TestSupport.shell("", in: dir)
        spec.argv = ["tarmac-no-such-command", "x"]
        #expect(runner.run(spec).launchFailure == "command not found: tarmac-no-such-command")
        spec.argv = ["sh", "-c", "true"]
        spec.environment = ["PATH": dir]
        #expect(runner.run(spec).launchFailure == "command not found: sh")
        spec.argv = ["./missing.sh"]
        #expect(runner.run(spec).launchFailure == "command not found: ./missing.sh")
    }

    @Test("a missing working directory is a launch error")
    func missingDirectory() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var spec = TestSupport.shell("true", in: dir)
        spec.workingDirectory = dir + "/absent"
        #expect(runner.run(spec).launchFailure == "working directory not found: \(dir)/absent")
    }

    @Test("the working directory and the environment are exactly the spec's")
    func directoryAndEnvironment() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let work = dir + "/work dir"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let environment = ["PATH": "/usr/bin:/bin", "TARMAC_X": "a b=c", "EMPTY": ""]
        var spec = ProcessSpec(argv: ["/usr/bin/env"], environment: environment, workingDirectory: work,
                               logFile: dir + "/env.txt")
        #expect(runner.run(spec).succeeded)
        let lines = try String(contentsOfFile: dir + "/env.txt", encoding: .utf8).split(separator: "\n").map(String.init)
        // Plus the runner's marker of the process (Descendants), and nothing else.
        let marker = lines.filter { $0.hasPrefix(Descendants.markerVariable + "=") }
        #expect(marker.count == 1)
        #expect(Set(lines).subtracting(marker) == ["PATH=/usr/bin:/bin", "TARMAC_X=a b=c", "EMPTY="])
        spec.marksDescendants = false
        #expect(runner.run(spec).succeeded)
        let unmarked = try String(contentsOfFile: dir + "/env.txt", encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(Set(unmarked.suffix(3)) == ["PATH=/usr/bin:/bin", "TARMAC_X=a b=c", "EMPTY="])
        spec.argv = ["pwd", "-P"]
        spec.logFile = dir + "/pwd.txt"
        #expect(runner.run(spec).succeeded)
        #expect(try String(contentsOfFile: dir + "/pwd.txt", encoding: .utf8) == work + "\n")
    }

    @Test("a relative argv[0] with a slash is resolved in the working directory")
    func relativeExecutable() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Written by a child, never held open here: a fork by another test would inherit it (ETXTBSY on exec).
        #expect(runner.run(TestSupport.shell("printf '#!/bin/sh\\necho ran \"$1\"\\n' > tool.sh && chmod 755 tool.sh", in: dir)).succeeded)
        var spec = TestSupport.shell("", in: dir)
        spec.argv = ["./tool.sh", "ok"]
        #expect(runner.run(spec).succeeded)
        #expect(try String(contentsOfFile: spec.logFile, encoding: .utf8) == "ran ok\n")
    }

    @Test("stdout and stderr land in the log; lines reach the handler with the prefix")
    func outputAndLines() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let collector = LineCollector()
        let runner = SubprocessRunner(lineHandler: collector.handler)
        let script = "echo one; echo two >&2; printf 'three\\r\\nfour'; printf tail >&2"
        let outcome = runner.run(TestSupport.shell(script, in: dir, prefix: "[task]"))
        #expect(outcome.succeeded)
        let log = try String(contentsOfFile: dir + "/logs/log.txt", encoding: .utf8)
        for piece in ["one\n", "two\n", "three\r\nfour", "tail"] { #expect(log.contains(piece)) }
        #expect(log.utf8.count == "one\ntwo\nthree\r\nfourtail".utf8.count)
        #expect(Set(collector.lines) == ["[task] one", "[task] two", "[task] three", "[task] four", "[task] tail"])
        #expect(collector.lines.firstIndex(of: "[task] one")! < collector.lines.firstIndex(of: "[task] three")!)
    }

    @Test("without a prefix nothing reaches the handler; the log is appended to, not replaced")
    func noPrefixAndAppend() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let collector = LineCollector()
        let runner = SubprocessRunner(lineHandler: collector.handler)
        #expect(runner.run(TestSupport.shell("echo first", in: dir)).succeeded)
        #expect(runner.run(TestSupport.shell("echo second", in: dir)).succeeded)
        #expect(collector.lines.isEmpty)
        #expect(try String(contentsOfFile: dir + "/logs/log.txt", encoding: .utf8) == "first\nsecond\n")
    }

    @Test("the child inherits no descriptors beyond 0, 1 and 2, and stdin is /dev/null")
    func noInheritedDescriptors() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let opened = open(dir + "/leak", O_WRONLY | O_CREAT, 0o644)  // deliberately not close-on-exec
        // A second descriptor at 500 or above, chosen atomically (other tests open descriptors meanwhile).
        let leaked = fcntl(opened, F_DUPFD, 500)
        #expect(leaked >= 500)
        defer { close(opened); close(leaked) }
        let outcome = runner.run(TestSupport.shell("ls /proc/$$/fd; readlink /proc/$$/fd/0", in: dir))
        #expect(outcome.succeeded)
        let lines = try String(contentsOfFile: dir + "/logs/log.txt", encoding: .utf8).split(separator: "\n")
        let fds = lines.compactMap { Int32($0) }
        #expect(!fds.contains(leaked) && !fds.contains(opened))
        #expect(fds.allSatisfy { $0 <= 2 || $0 >= 10 }, "\(fds)")  // dash keeps its own copies at 10 and up
        #expect(lines.last == "/dev/null")
    }

    @Test("50 MB of output streams into the log file whole")
    func largeOutput() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outcome = runner.run(TestSupport.shell("head -c 52428800 /dev/zero; head -c 1048576 /dev/zero >&2", in: dir))
        #expect(outcome.succeeded)
        let size = try FileManager.default.attributesOfItem(atPath: dir + "/logs/log.txt")[.size] as? Int
        #expect(size == 52_428_800 + 1_048_576)
    }

    @Test("many processes in parallel each get their own output")
    func parallel() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            var spec = TestSupport.shell("for i in 1 2 3; do echo \(index)-$i; done; exit \(index)", in: dir)
            spec.logFile = dir + "/log-\(index).txt"
            #expect(runner.run(spec).exitCode == Int32(index))
        }
        for index in 0..<8 {
            #expect(try String(contentsOfFile: dir + "/log-\(index).txt", encoding: .utf8) == "\(index)-1\n\(index)-2\n\(index)-3\n")
        }
    }
}
