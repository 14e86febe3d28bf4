import Basics
@testable import Engine
import Testing

/// The scheduler's pure decisions (`SlotDecision`, `GroupEnding`), fact by fact: no run, no queue, no process.
@Suite struct SlotDecisionTests {
    func ready(_ dependencies: [(String, TaskState)], anyState: Bool = false, dagFailed: Bool = false, keepGoing: Bool = false,
               canceled: Bool = false, notSelected: String? = nil) -> SlotDecision {
        SlotDecision.whenReady(dependencies: dependencies.map { (key: $0.0, state: $0.1) }, runsAfterAnyUpstreamState: anyState,
                               dagFailed: dagFailed, keepGoing: keepGoing, canceled: canceled, notSelected: notSelected)
    }

    @Test("dependencies that produced outputs start it; the first that did not (in key order) is named")
    func dependencies() {
        #expect(ready([]) == .start)
        #expect(ready([("a", .succeeded), ("b", .cached)]) == .start)
        #expect(ready([("a", .succeeded), ("b", .failed), ("c", .notRun)])
                == .finish(.notRun, reason: "not started: dependency 'b' did not succeed"))
        #expect(ready([("a", .canceled)]) == .finish(.notRun, reason: "not started: dependency 'a' did not succeed"))
        #expect(ready([("a", .succeeded), ("s", .skipped)]) == .finish(.skipped, reason: "dependency 's' was skipped"))
    }

    @Test("a failure beats a skip; fail-fast beats a skip; --keep-going lifts only fail-fast")
    func precedence() {
        #expect(ready([("a", .skipped), ("b", .failed)]) == .finish(.notRun, reason: "not started: dependency 'b' did not succeed"))
        #expect(ready([("s", .skipped)], dagFailed: true) == SlotDecision.failFast)
        #expect(ready([("a", .succeeded)], dagFailed: true) == SlotDecision.failFast)
        #expect(ready([("a", .succeeded)], dagFailed: true, keepGoing: true) == .start)
        #expect(ready([("b", .failed)], keepGoing: true) == .finish(.notRun, reason: "not started: dependency 'b' did not succeed"))
    }

    @Test("ALL_UPSTREAM_TASKS_COMPLETED: any end state starts it, unless none of its dependencies ran")
    func anyUpstreamState() {
        #expect(ready([("a", .failed)], anyState: true) == .start)
        #expect(ready([("a", .skipped)], anyState: true) == .start)
        #expect(ready([("a", .succeeded)], anyState: true, dagFailed: true) == .start, "fail-fast does not stop it")
        #expect(ready([("a", .notRun), ("b", .failed)], anyState: true) == .start)
        #expect(ready([("a", .notRun), ("b", .canceled)], anyState: true) == .finish(.notRun, reason: "its dependencies never ran"))
        #expect(ready([], anyState: true) == .start)
    }

    @Test("a cancel comes first, then the selection")
    func cancelAndSelection() {
        #expect(ready([("a", .failed)], canceled: true, notSelected: "x") == .finish(.canceled, reason: nil))
        #expect(ready([("a", .failed)], notSelected: "not selected by --only b") == .finish(.skipped, reason: "not selected by --only b"))
    }

    @Test("at launch only fail-fast stops a queued task")
    func atLaunch() {
        #expect(SlotDecision.atLaunch(runsAfterAnyUpstreamState: false, dagFailed: false, keepGoing: false) == .start)
        #expect(SlotDecision.atLaunch(runsAfterAnyUpstreamState: false, dagFailed: true, keepGoing: false) == SlotDecision.failFast)
        #expect(SlotDecision.atLaunch(runsAfterAnyUpstreamState: true, dagFailed: true, keepGoing: false) == .start)
        #expect(SlotDecision.atLaunch(runsAfterAnyUpstreamState: false, dagFailed: true, keepGoing: true) == .start)
    }

    @Test("group endings: canceled over failed over succeeded")
    func groupEndings() {
        #expect(GroupEnding.ofDag(failed: false, canceled: false) == (.succeeded, nil))
        #expect(GroupEnding.ofDag(failed: true, canceled: false) == (.failed, "a task inside it failed"))
        #expect(GroupEnding.ofDag(failed: true, canceled: true).state == .canceled)
        #expect(GroupEnding.ofLoop(active: 1, failed: true, canceled: false) == nil)
        #expect(GroupEnding.ofLoop(active: 0, failed: true, canceled: false)! == (.failed, "an iteration failed"))
        #expect(GroupEnding.ofLoop(active: 0, failed: false, canceled: true)!.state == .canceled)
    }

    @Test("a loop starts iterations up to its limit (0: none), stops after a failure unless --keep-going, never after a cancel")
    func loopStarts() {
        func may(_ started: Int, of items: Int, active: Int, limit: Int, failed: Bool = false, keepGoing: Bool = false,
                 canceled: Bool = false) -> Bool {
            GroupEnding.loopMayStart(started: started, items: items, active: active, limit: limit, failed: failed,
                                     keepGoing: keepGoing, canceled: canceled)
        }
        #expect(may(1, of: 4, active: 1, limit: 2) && !may(2, of: 4, active: 2, limit: 2))
        #expect(may(3, of: 4, active: 3, limit: 0) && !may(4, of: 4, active: 0, limit: 0))
        #expect(!may(1, of: 4, active: 0, limit: 2, failed: true) && may(1, of: 4, active: 0, limit: 2, failed: true, keepGoing: true))
        #expect(!may(0, of: 4, active: 0, limit: 0, canceled: true))
    }
}
