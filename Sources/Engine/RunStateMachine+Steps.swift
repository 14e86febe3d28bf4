import Basics

/// How the machine answers each pending step (see `RunStateMachine`): the rules of §6.2 and §6.3 through
/// `SlotDecision` and `GroupEnding`, applied to its own state.
extension RunStateMachine {
    mutating func answer(_ step: Step) -> Decision? {
        switch step {
        case .consider(let ref): return consider(ref)
        case .drainLaunches: return drainLaunches()
        case .endInstance(let id): return endInstance(id)
        case .advanceLoop(let ref): return advanceLoop(ref)
        case .finish(let ref, let state, let reason): return finish(ref, state: state, reason: reason)
        case .emit(let decision): return decision
        }
    }

    /// A slot whose dependencies are all final (`SlotDecision.whenReady`).
    private mutating func consider(_ ref: TaskRef) -> Decision? {
        guard let slot = self[ref], slot.phase == .waiting else { return nil }
        // No copy of the instance is held here: it would make the next mutation copy all its slots.
        let dependencies = slot.shape.dependencies.compactMap { key in self[TaskRef(instance: ref.instance, key: key)]?.state.map { (key: key, state: $0) } }
        let decision = SlotDecision.whenReady(dependencies: dependencies, runsAfterAnyUpstreamState: slot.shape.runsAfterAnyUpstreamState,
                                              dagFailed: instances[ref.instance].failed, keepGoing: keepGoing, canceled: canceled,
                                              notSelected: slot.shape.notSelected)
        switch decision {
        case .start:
            move(ref, to: .started)
            return .start(ref)
        case .finish(let state, let reason):
            return finish(ref, state: state, reason: reason)
        }
    }

    /// Launches the oldest queued task while fewer than `maxParallel` run; fail-fast may have stopped it meanwhile
    /// (`SlotDecision.atLaunch`). One task per answer; the rest of the queue is a step of its own.
    private mutating func drainLaunches() -> Decision? {
        guard running < maxParallel, nextLaunch < launches.count else { return nil }
        let ref = launches[nextLaunch]
        nextLaunch += 1
        if nextLaunch == launches.count { launches.removeAll(keepingCapacity: true); nextLaunch = 0 }
        agenda.append(.drainLaunches)
        let runsAfterAny = self[ref]?.shape.runsAfterAnyUpstreamState ?? false
        switch SlotDecision.atLaunch(runsAfterAnyUpstreamState: runsAfterAny, dagFailed: instances[ref.instance].failed, keepGoing: keepGoing) {
        case .start:
            move(ref, to: .launched)
            return .launch(ref)
        case .finish(let state, let reason):
            return finish(ref, state: state, reason: reason)
        }
    }

    /// Marks a slot final (once) and lets its dependents, its instance and the launch queue move on: dependents
    /// first, in key order, then the instance's end, then the place a launched slot frees.
    mutating func finish(_ ref: TaskRef, state: TaskState, reason: String?) -> Decision? {
        guard let slot = self[ref], slot.state == nil else { return nil }
        let wasLaunched = slot.phase == .launched
        move(ref, to: .final(state))
        if state == .failed, !slot.shape.runsAfterAnyUpstreamState { instances[ref.instance].failed = true }
        instances[ref.instance].remaining -= 1
        var steps: [Step] = []
        for key in slot.dependents {
            instances[ref.instance].slots[key]!.unfinished -= 1
            if instances[ref.instance].slots[key]!.unfinished == 0 { steps.append(.consider(TaskRef(instance: ref.instance, key: key))) }
        }
        if instances[ref.instance].remaining == 0 { steps.append(.endInstance(ref.instance)) }
        if wasLaunched { steps.append(.drainLaunches) }
        push(steps)
        return .finish(ref, state, reason: reason)
    }

    /// An instance with every task final: the run ends, an iteration ends, or the group rolls up into the task
    /// that owns it (§6.2 rule 5, `GroupEnding.ofDag`).
    private mutating func endInstance(_ id: Int) -> Decision? {
        guard !instances[id].finished else { return nil }
        instances[id].finished = true
        guard let owner = instances[id].owner else { return .done }
        guard var loop = self[owner]?.loop else {
            let ending = GroupEnding.ofDag(failed: instances[id].failed, canceled: canceled)
            return finish(owner, state: ending.state, reason: ending.reason)
        }
        loop.active -= 1
        if instances[id].failed { loop.failed = true }
        instances[owner.instance].slots[owner.key]!.loop = loop
        agenda.append(.advanceLoop(owner))
        return .loopProgressed(owner, finished: loop.started - loop.active, total: loop.items)
    }

    /// Starts the loop's next iteration while `GroupEnding.loopMayStart`; ends the loop when none is active.
    private mutating func advanceLoop(_ ref: TaskRef) -> Decision? {
        guard let slot = self[ref], slot.state == nil, var loop = slot.loop else { return nil }
        if GroupEnding.loopMayStart(started: loop.started, items: loop.items, active: loop.active, limit: loop.limit,
                                    failed: loop.failed, keepGoing: keepGoing, canceled: canceled) {
            let iteration = loop.started
            loop.started += 1
            loop.active += 1
            instances[ref.instance].slots[ref.key]!.loop = loop
            agenda.append(.advanceLoop(ref))
            return .expandLoop(ref, iteration: iteration)
        }
        guard let ending = GroupEnding.ofLoop(active: loop.active, failed: loop.failed, canceled: canceled) else { return nil }
        return finish(ref, state: ending.state, reason: ending.reason)
    }
}
