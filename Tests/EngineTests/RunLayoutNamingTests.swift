import Foundation
import Testing
@testable import Engine

/// Issue 17.6: distinct task addresses never share a task directory.
@Suite struct RunLayoutNamingTests {
    private func directory(_ task: String) -> String { RunLayout.taskDirectory(runDirectory: "/r", task: task) }

    @Test("plain keys and loop iterations keep their readable directories")
    func plainNames() {
        #expect(directory("train") == "/r/train")
        #expect(directory("for-loop-2[3]/add") == "/r/for-loop-2.3/add")
        #expect(directory("for-loop-2[3]/for-loop-4[10]/my_task") == "/r/for-loop-2.3/for-loop-4.10/my_task")
    }

    @Test("keys that collided before get distinct directories", arguments: [
        ["a", "a]", "a_", "a."],
        ["for-loop-2.0", "for-loop-2[0]"],
        ["for-loop-2.0/add", "for-loop-2[0]/add"],
        ["tâsk", "tésk", "t_sk"],
        ["x[1]2", "x[12]", "x.12"],
    ])
    func collidingNames(_ group: [String]) {
        let directories = group.map(directory)
        #expect(Set(directories).count == group.count, "\(group) → \(directories)")
        for path in directories {
            #expect(!path.split(separator: "/").contains { $0 == "." || $0 == ".." }, "\(path)")
        }
    }
}
