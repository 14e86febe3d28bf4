import Basics
@testable import Engine
import Testing

/// The run-state machine on its own (`MachineHarness`): events in, decisions out, in order. No process, no queue.
@Suite struct RunStateMachineTests {
    typealias H = MachineHarness
    static let failFast = "not started: another task of its DAG failed (fail-fast)"

    @Test("fail-fast: a failure makes its dependents NOT_RUN and stops the queued tasks of its DAG")
    func failFast() {
        var h = H(maxParallel: 1)
        h.run([H.task("a"), H.task("b"), H.task("c", after: "a"), H.task("d", after: "b")])
        #expect(h.take() == ["start 0:a", "launch 0:a", "start 0:b"])
        h.end("a", 0, .failed)
        #expect(h.take() == ["finish 0:a FAILED", "finish 0:c NOT_RUN (not started: dependency 'a' did not succeed)",
                             "finish 0:b NOT_RUN (\(Self.failFast))", "finish 0:d NOT_RUN (not started: dependency 'b' did not succeed)",
                             "done"])
        #expect(h.machine.running == 0 && h.machine.failed(instance: 0))
    }

    @Test("--keep-going: the failure's dependents are NOT_RUN, the other tasks launch and the run goes on")
    func keepGoing() {
        var h = H(maxParallel: 1, keepGoing: true)
        h.run([H.task("a"), H.task("b"), H.task("c", after: "a"), H.task("d", after: "b")])
        _ = h.take()
        h.end("a", 0, .failed)
        #expect(h.take() == ["finish 0:a FAILED", "finish 0:c NOT_RUN (not started: dependency 'a' did not succeed)", "launch 0:b"])
        h.end("b", 0, .succeeded)
        #expect(h.take() == ["finish 0:b SUCCEEDED", "start 0:d", "launch 0:d"])
        h.end("d", 0, .succeeded)
        #expect(h.take() == ["finish 0:d SUCCEEDED", "done"])
        #expect(h.machine.failed(instance: 0))
    }

    @Test("a slot is decided when its turn comes: a sibling that fails as it starts stops the next (fail-fast)")
    func decidedWhenAsked() {
        var h = H(kinds: ["a": .endsAtStart(.failed)])
        h.run([H.task("a"), H.task("b")])
        #expect(h.take() == ["start 0:a", "finish 0:a FAILED (at start)", "finish 0:b NOT_RUN (\(Self.failFast))", "done"])
    }

    @Test("NOT_RUN runs down a chain; an exit handler whose dependencies never ran is NOT_RUN; a partial run skips")
    func notRunDownstream() {
        var h = H(kinds: ["a": .endsAtStart(.failed)])
        h.run([H.task("a"), H.task("b", after: "a"), H.task("e", after: "b", anyState: true)])
        #expect(h.take() == ["start 0:a", "finish 0:a FAILED (at start)", "finish 0:b NOT_RUN (not started: dependency 'a' did not succeed)",
                             "finish 0:e NOT_RUN (its dependencies never ran)", "done"])
        var partial = H()
        partial.run([H.task("a", notSelected: "not selected"), H.task("b", after: "a")])
        #expect(partial.take() == ["finish 0:a SKIPPED (not selected)", "finish 0:b SKIPPED (dependency 'a' was skipped)", "done"])
    }

    @Test("--max-parallel: at most that many launched, in queue order; a freed place goes to the oldest queued task")
    func maxParallelQueueOrder() {
        var h = H(maxParallel: 2)
        h.run(["a", "b", "c", "d", "e"].map { H.task($0) })
        #expect(h.take() == ["start 0:a", "launch 0:a", "start 0:b", "launch 0:b", "start 0:c", "start 0:d", "start 0:e"])
        #expect(h.machine.running == 2)
        h.end("b", 0, .succeeded)
        #expect(h.take() == ["finish 0:b SUCCEEDED", "launch 0:c"])
        h.end("a", 0, .succeeded)
        #expect(h.take() == ["finish 0:a SUCCEEDED", "launch 0:d"])
        for key in ["c", "d"] { h.end(key, 0, .succeeded) }
        #expect(h.take() == ["finish 0:c SUCCEEDED", "launch 0:e", "finish 0:d SUCCEEDED"])
        h.end("e", 0, .succeeded)
        #expect(h.take() == ["finish 0:e SUCCEEDED", "done"])
    }

    @Test("independent tasks run at once up to --max-parallel (a serial machine launches one)")
    func parallel() {
        var h = H(maxParallel: 3)
        h.run(["a", "b", "c", "d"].map { H.task($0) })
        #expect(h.launched.map(\.key) == ["a", "b", "c"])
        #expect(h.machine.running == 3)
    }

    @Test("a group's tasks take places of the run's --max-parallel")
    func groupsShareTheLimit() {
        var h = H(maxParallel: 2, kinds: ["g": .group([H.task("x"), H.task("y")])])
        h.run([H.task("g"), H.task("z")])
        #expect(h.take() == ["start 0:g", "start 1:x", "launch 1:x", "start 1:y", "launch 1:y", "start 0:z"])
        h.end("x", 1, .succeeded)
        #expect(h.take() == ["finish 1:x SUCCEEDED", "launch 0:z"])
    }

    @Test("group roll-up: a failure inside fails the group; the exit handler after it runs, its other dependents do not")
    func groupRollUp() {
        var h = H(kinds: ["g": .group([H.task("x"), H.task("y", after: "x")])])
        h.run([H.task("g"), H.task("h", after: "g"), H.task("e", after: "g", anyState: true)])
        #expect(h.take() == ["start 0:g", "start 1:x", "launch 1:x"])
        h.end("x", 1, .failed)
        #expect(h.take() == ["finish 1:x FAILED", "finish 1:y NOT_RUN (not started: dependency 'x' did not succeed)",
                             "finish 0:g FAILED (a task inside it failed)", "start 0:e", "launch 0:e",
                             "finish 0:h NOT_RUN (not started: dependency 'g' did not succeed)"])
        h.end("e", 0, .succeeded)
        #expect(h.take() == ["finish 0:e SUCCEEDED", "done"])
        #expect(h.machine.failed(instance: 0) && h.machine.failed(instance: 1))
        var empty = H(kinds: ["g": .group([])])
        empty.run([H.task("g")])
        #expect(empty.take() == ["start 0:g", "finish 0:g SUCCEEDED", "done"])
    }

    @Test("a loop starts iterations up to its parallelism; a failed iteration stops new ones and fails the loop")
    func loop() {
        var h = H(kinds: ["L": .loop(count: 4, limit: 2, iteration: [H.task("t")])])
        h.run([H.task("L")])
        #expect(h.take() == ["start 0:L", "progress 0:L 0/4", "expand 0:L[0]", "start 1:t", "launch 1:t",
                             "expand 0:L[1]", "start 2:t", "launch 2:t"])
        h.end("t", 1, .succeeded)
        #expect(h.take() == ["finish 1:t SUCCEEDED", "progress 0:L 1/4", "expand 0:L[2]", "start 3:t", "launch 3:t"])
        h.end("t", 2, .failed)
        #expect(h.take() == ["finish 2:t FAILED", "progress 0:L 2/4"])
        h.end("t", 3, .succeeded)
        #expect(h.take() == ["finish 3:t SUCCEEDED", "progress 0:L 3/4", "finish 0:L FAILED (an iteration failed)", "done"])
    }

    @Test("with --keep-going a failed iteration does not stop the others; an empty loop succeeds at once")
    func loopKeepGoingAndEmpty() {
        var h = H(keepGoing: true, kinds: ["L": .loop(count: 2, limit: 1, iteration: [H.task("t")])])
        h.run([H.task("L")])
        _ = h.take()
        h.end("t", 1, .failed)
        #expect(h.take() == ["finish 1:t FAILED", "progress 0:L 1/2", "expand 0:L[1]", "start 2:t", "launch 2:t"])
        h.end("t", 2, .succeeded)
        #expect(h.take() == ["finish 2:t SUCCEEDED", "progress 0:L 2/2", "finish 0:L FAILED (an iteration failed)", "done"])
        var empty = H(kinds: ["L": .loop(count: 0, limit: 0, iteration: [])])
        empty.run([H.task("L")])
        #expect(empty.take() == ["start 0:L", "progress 0:L 0/0", "finish 0:L SUCCEEDED", "done"])
    }
}
