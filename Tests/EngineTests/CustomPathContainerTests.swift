import Foundation
import Testing
@testable import Engine

/// Which container tasks are kept after they exit (no `--rm`) so that a `custom_path` can be copied out: only those
/// running the KFP Python executor, which is what writes `custom_path` (`artifact.set_path`).
@Suite struct CustomPathContainerTests {
    @Test("a KFP Python executor command can set a custom_path; a shell or other program cannot")
    func whoCanSetACustomPath() {
        let program = "program_path=$(mktemp -d)\nprintf \"%s\" \"$0\" > \"$program_path/ephemeral_component.py\"\n"
            + "_KFP_RUNTIME=true python3 -m kfp.dsl.executor_main --component_module_path \"$program_path/ephemeral_component.py\" \"$@\"\n"
        #expect(TaskExecutor.canSetCustomPath(["sh", "-ec", program, "def train(): ...", "--executor_input", "{}"]))
        #expect(TaskExecutor.canSetCustomPath(["sh", "-c", "pip install kfp && \"$0\" \"$@\"", "sh", "-ec", program, "src"]))
        #expect(TaskExecutor.canSetCustomPath(["python3", "-m", "kfp.components.executor_main", "--executor_input", "{}"]))
        #expect(!TaskExecutor.canSetCustomPath(["sh", "-c", "echo \"$0\" > /tmp/outputs/report", "hello"]))
        #expect(!TaskExecutor.canSetCustomPath(["python3", "train.py", "--model", "/tmp/model"]))
    }
}
