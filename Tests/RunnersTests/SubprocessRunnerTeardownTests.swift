import Foundation
import Glibc
import Testing
@testable import Runners

@Suite("SubprocessRunner: timeouts, cancellation and process groups")
struct SubprocessRunnerTeardownTests {
    /// Writes the leader's pid (= the group id) to `pgid`, starts a grandchild and waits.
    static let forkAndSleep = "sleep 300 & echo $$ > pgid; sleep 300; wait"

    @Test("cancelAll ends the leader and its grandchild; the outcome is marked cancelled")
    func cancelKillsGroup() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let runner = SubprocessRunner()
        let run = BackgroundRun(runner, TestSupport.shell(Self.forkAndSleep, in: dir))
        let pgid = try #require(TestSupport.readPid(dir + "/pgid"))
        #expect(TestSupport.livingMembers(of: pgid).count >= 2)
        runner.cancelAll(grace: 5)
        let outcome = try #require(run.wait(seconds: 10))
        #expect(outcome.termination == .canceled(.signaled(SIGTERM)) && !outcome.succeeded)
        #expect(TestSupport.eventually(within: 5) { !TestSupport.groupExists(pgid) })
    }

    @Test("a group that ignores SIGTERM is killed after the grace period")
    func cancelEscalates() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let runner = SubprocessRunner()
        let run = BackgroundRun(runner, TestSupport.shell("trap '' TERM; " + Self.forkAndSleep, in: dir))
        let pgid = try #require(TestSupport.readPid(dir + "/pgid"))
        runner.cancelAll(grace: 0.5)
        let outcome = try #require(run.wait(seconds: 10))
        #expect(outcome.termination == .canceled(.signaled(SIGKILL)))
        #expect(TestSupport.eventually(within: 5) { !TestSupport.groupExists(pgid) })
    }

    @Test("runs after cancelAll return cancelled without starting anything")
    func refusedAfterCancel() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let runner = SubprocessRunner()
        runner.cancelAll(grace: 1)
        let outcome = runner.run(TestSupport.shell("touch started", in: dir))
        #expect(outcome.termination == .canceled(nil) && outcome.exitCode == nil)
        #expect(!FileManager.default.fileExists(atPath: dir + "/started"))
    }

    @Test("a timeout kills the whole group and marks the outcome timed out")
    func timeout() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outcome = SubprocessRunner().run(TestSupport.shell(Self.forkAndSleep, in: dir, timeout: 0.5))
        #expect(outcome.termination == .timedOut(.signaled(SIGTERM)))
        #expect(outcome.durationSeconds < 30)
        let pgid = try #require(TestSupport.readPid(dir + "/pgid"))
        #expect(TestSupport.eventually(within: 5) { !TestSupport.groupExists(pgid) })
    }

    @Test("a timed-out group that ignores SIGTERM gets SIGKILL after two seconds")
    func timeoutEscalates() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outcome = SubprocessRunner().run(TestSupport.shell("trap '' TERM; " + Self.forkAndSleep, in: dir, timeout: 0.3))
        #expect(outcome.termination == .timedOut(.signaled(SIGKILL)))
        #expect(outcome.durationSeconds >= SubprocessRunner.timeoutGrace)
    }

    @Test("a process that finishes in time is not marked timed out")
    func withinTimeout() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outcome = SubprocessRunner().run(TestSupport.shell("exit 0", in: dir, timeout: 60))
        #expect(outcome.succeeded && outcome.termination == .exited(0))
    }

    @Test("when the leader exits, what it left running in its group is killed and the run returns")
    func leftoversKilled() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outcome = SubprocessRunner().run(TestSupport.shell("sleep 300 & echo $$ > pgid; echo bye", in: dir))
        #expect(outcome.succeeded && outcome.durationSeconds < 30)
        let pgid = try #require(TestSupport.readPid(dir + "/pgid"))
        #expect(TestSupport.eventually(within: 5) { !TestSupport.groupExists(pgid) })
        #expect(try String(contentsOfFile: dir + "/logs/log.txt", encoding: .utf8) == "bye\n")
    }

    @Test("each process gets its own group, separate from the runner's")
    func ownGroup() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outcome = SubprocessRunner().run(TestSupport.shell("echo $$ > pid; cut -d' ' -f5 /proc/$$/stat > pgid", in: dir))
        #expect(outcome.succeeded)
        let pid = try #require(TestSupport.readPid(dir + "/pid"))
        #expect(TestSupport.readPid(dir + "/pgid") == pid)
        #expect(pid != getpgrp())
    }
}
