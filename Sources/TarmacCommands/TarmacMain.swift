import ArgumentParser
import Basics
import Foundation
import PipelineIR

/// The `tarmac` command tree.
struct Tarmac: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tarmac",
        abstract: "Run Kubeflow Pipelines v2 pipelines (compiled IR YAML) on one machine.",
        subcommands: [ValidateCommand.self, PlanCommand.self]
    )
}

/// Entry point used by the `tarmac` executable: parses, runs, and turns every error into text and an exit code.
public enum TarmacMain {
    /// Runs the command line and exits; never returns.
    public static func main(_ arguments: [String]? = nil) -> Never {
        let code: Int32
        do {
            var command = try Tarmac.parseAsRoot(arguments)
            try command.run()
            code = 0
        } catch let exit as CommandExit {
            code = exit.code.rawValue
        } catch let rendered as RenderedErrors {
            Console.error(rendered.text)
            code = rendered.exitCode.rawValue
        } catch let errors as IRErrors {
            Console.error(ErrorRenderer.render(errors.errors))
            code = Basics.ExitCode.invalidInput.rawValue
        } catch let error as TarmacError {
            Console.error(ErrorRenderer.render(error))
            code = error.exitCode.rawValue
        } catch {
            let argumentCode = Tarmac.exitCode(for: error)
            if argumentCode == .success {
                print(Tarmac.fullMessage(for: error))
                code = 0
            } else {
                Console.error(Tarmac.fullMessage(for: error))
                code = argumentCode == .validationFailure ? Basics.ExitCode.usage.rawValue : Basics.ExitCode.internalError.rawValue
            }
        }
        exit(code)
    }
}

/// Thrown by a command that already printed what the user needs and only wants to exit with `code`.
struct CommandExit: Error {
    let code: Basics.ExitCode
}

/// The only place that writes diagnostics: stderr, whole lines.
enum Console {
    static func error(_ text: String) {
        let line = text.hasSuffix("\n") ? text : text + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
