import ArgumentParser
import Basics
import Foundation
import RunBrowser
import RunDatabase

/// `tarmac ui [--store DIR] [--host H] [--port N] [--token T] [--open] [--allow-delete]`: the run browser.
struct UICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui", abstract: "Browse the store's runs in a web browser, live while runs are in progress.",
        discussion: """
            Serves 127.0.0.1 on a free port unless told otherwise and prints the URL on stdout. The pages load nothing \
            from the network. It only reads the store, unless --allow-delete lets the Cache page delete entries. With --host other than loopback, every request must carry a \
            token (--token, or one generated and printed).
            """)
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("The address to listen on (beyond loopback a token is required).", valueName: "HOST"))
    var host = "127.0.0.1"
    @Option(help: ArgumentHelp("The port (default: a free one).", valueName: "N")) var port = 0
    @Option(help: ArgumentHelp("The token every request must carry (?token=, a cookie, or Authorization: Bearer).", valueName: "TOKEN"))
    var token: String?
    @Flag(help: "Open the URL in the default browser (xdg-open, or $BROWSER).") var open = false
    @Flag(name: .customLong("allow-delete"),
          help: "Give the Cache page a delete button per entry (what `tarmac cache prune` does to one entry); else the ui only reads.")
    var allowDelete = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        if let token, token.count < 8 { throw ValidationError("--token must be at least 8 characters") }
    }

    func run() throws {
        let database = storeOptions.databasePath
        guard FileManager.default.fileExists(atPath: database) else {
            throw UsageError("no store at \(storeOptions.directory) (no tarmac.sqlite)", hint: "run a pipeline first, or pass --store DIR")
        }
        let store = try RunStore(path: database)
        var configuration = BrowserConfiguration(storeDirectory: storeOptions.directory, notes: UINotes.notes(store: store))
        configuration.host = host
        if allowDelete {
            let objects = storeOptions.objects
            configuration.deleteCacheEntry = { entry in
                let (removed, collected) = try CacheCommand.Prune.remove([entry], store: store, objects: objects, grace: 10 * 60)
                return CacheCommand.Prune.removal(entries: removed, collected, json: false)
            }
        }
        configuration.port = port
        configuration.token = token.map(AccessToken.init) ?? (AccessToken.isLoopback(host) ? nil : AccessToken.generate())
        if token == nil, let generated = configuration.token {
            Console.error("tarmac: --host \(host) is reachable from other machines: every request needs the token \(generated.value)")
        }
        let opening = open, allowDelete = allowDelete
        let outcome = UIServerOutcome()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                try await BrowserServer.run(configuration, store: store) { url in
                    Console.out(url)
                    Console.error("tarmac: serving the runs of \(store.path) at \(url) (\(allowDelete ? "cache entries may be deleted" : "read-only"); Ctrl-C stops)")
                    if opening { UIBrowserLauncher.open(url) }
                }
            } catch {
                outcome.set(error)
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw UIServerError(message: "the server stopped: \(error)", host: host, port: port) }
    }
}

/// The error that ended the server, handed from its task to the command's thread.
final class UIServerOutcome: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var stored: Error?

    /// The error, once set.
    var error: Error? { lock.withLock { stored } }

    /// Records `error`.
    func set(_ error: Error) { lock.withLock { stored = error } }
}

/// The server could not start (the port is taken, the address is not this machine's) or failed.
struct UIServerError: TarmacError {
    let message: String
    let host: String
    let port: Int

    var location: Location? { .option("--host \(host) --port \(port)") }
    var hint: String? { port == 0 ? nil : "is another program using port \(port)? leave --port out to get a free one" }
    var exitCode: Basics.ExitCode { .environment }
}

/// `--open`: the URL in the user's browser.
enum UIBrowserLauncher {
    /// Starts `$BROWSER URL` or `xdg-open URL`; a failure is a warning.
    static func open(_ url: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [ProcessInfo.processInfo.environment["BROWSER"] ?? "xdg-open", url]
        do { try process.run() } catch { Console.error("tarmac: warning: could not open a browser (\(error)); open \(url) yourself") }
    }
}
