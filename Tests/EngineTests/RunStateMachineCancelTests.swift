import Basics
@testable import Engine
import Testing

/// A cancel at each stage of a run, on the machine alone: nothing starts after it, what waits ends CANCELED.
@Suite struct RunStateMachineCancelTests {
    typealias H = MachineHarness

    @Test("canceled before the root starts: every task ends CANCELED, none starts")
    func beforeTheRoot() {
        var h = H()
        h.send(.canceled)
        h.run([H.task("a"), H.task("b", after: "a")])
        #expect(h.take() == ["finish 0:a CANCELED", "finish 0:b CANCELED", "done"])
    }

    @Test("queued tasks end CANCELED at once; the running one ends when its process does, then its dependents")
    func whileQueued() {
        var h = H(maxParallel: 1)
        h.run([H.task("a"), H.task("b"), H.task("c", after: "a")])
        #expect(h.take() == ["start 0:a", "launch 0:a", "start 0:b"])
        h.send(.canceled)
        #expect(h.take() == ["finish 0:b CANCELED (canceled before it started)"])
        h.send(.canceled)
        h.end("b", 0, .failed)
        #expect(h.take().isEmpty)  // a second cancel and a late report change nothing
        h.end("a", 0, .canceled, reason: "canceled")
        #expect(h.take() == ["finish 0:a CANCELED (canceled)", "finish 0:c CANCELED", "done"])
        #expect(h.launched.isEmpty && h.machine.running == 0)
    }

    @Test("canceled while a group runs: the group rolls up CANCELED and its dependents never start")
    func whileAGroupRuns() {
        var h = H(kinds: ["g": .group([H.task("x")])])
        h.run([H.task("g"), H.task("h", after: "g")])
        #expect(h.take() == ["start 0:g", "start 1:x", "launch 1:x"])
        h.send(.canceled)
        #expect(h.take().isEmpty)
        h.end("x", 1, .canceled)
        #expect(h.take() == ["finish 1:x CANCELED", "finish 0:g CANCELED", "finish 0:h CANCELED", "done"])
    }

    @Test("canceled while a loop runs: no new iteration starts and the loop ends CANCELED")
    func whileALoopRuns() {
        var h = H(kinds: ["L": .loop(count: 3, limit: 1, iteration: [H.task("t")])])
        h.run([H.task("L")])
        #expect(h.take() == ["start 0:L", "progress 0:L 0/3", "expand 0:L[0]", "start 1:t", "launch 1:t"])
        h.send(.canceled)
        h.end("t", 1, .canceled)
        #expect(h.take() == ["finish 1:t CANCELED", "progress 0:L 1/3", "finish 0:L CANCELED", "done"])
    }
}
