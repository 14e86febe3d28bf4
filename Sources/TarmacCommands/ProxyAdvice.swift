import Engine
import Foundation
import Runners

/// What to do when `pip install` in a container fails behind a proxy: the hint lines of a failure block
/// whose log shows a TLS-certificate or connection error while this machine has CA-bundle or proxy
/// variables that the container did not get. They name the exact options that pass them in.
enum ProxyAdvice {
    /// What the run gave its containers, next to this machine's environment.
    struct Context: Sendable, Hashable {
        /// This machine's environment (the one Tarmac was started with).
        var hostEnvironment: [String: String]
        /// Whether any task runs in a container (tasks on the host see the host's variables).
        var usesContainers = true
        /// Container paths that are mounted (`--mount`, `--inherit-proxy`).
        var mountedPaths: Set<String> = []
        /// Variables every container gets (`--env`, `--inherit-proxy`).
        var passedVariables: Set<String> = []
        /// The engine passes the host's proxy variables itself (podman's default `http_proxy = true`).
        var engineCopiesProxyVariables = false
        /// `--network`.
        var network: String?

        /// The context of a run with these container options.
        init(options: ContainerOptions, hostEnvironment: [String: String]) {
            self.hostEnvironment = hostEnvironment
            usesContainers = options.usesContainers
            mountedPaths = Set(options.mounts.map(\.containerPath))
            passedVariables = Set(options.environment.map(\.name)).union(options.passedEnvironment.keys)
            if case .container(.podman, _) = options.defaultRunner { engineCopiesProxyVariables = true }
            network = options.network
        }

        /// A context from its parts (tests).
        init(hostEnvironment: [String: String]) { self.hostEnvironment = hostEnvironment }
    }

    /// Log text of pip (and urllib3) failing to verify the server's certificate.
    static let certificateErrors = ["CERTIFICATE_VERIFY_FAILED", "certificate verify failed", "SSLCertVerificationError",
                                    "problem confirming the ssl certificate"]
    /// Log text of pip failing to reach the index or the proxy.
    static let connectionErrors = ["ProxyError", "NewConnectionError", "Failed to establish a new connection",
                                   "Temporary failure in name resolution", "Name or service not known", "Connection refused",
                                   "Network is unreachable", "ConnectTimeoutError"]

    /// The hint lines for a failed task whose log ends with `logText`, as a failure block prints them
    /// (`hint: …`; empty when there is nothing to say).
    static func hints(logText: String, context: Context?) -> [String] {
        advice(logText: logText, context: context).map { "hint: " + $0 }
    }

    /// The hints themselves, without the `hint: ` a failure summary puts before each.
    static func advice(logText: String, context: Context?) -> [String] {
        guard let context, context.usesContainers else { return [] }
        let certificate = certificateErrors.first { logText.contains($0) }
        let connection = connectionErrors.first { logText.contains($0) }
        guard let problem = certificate ?? connection, logText.localizedCaseInsensitiveContains("pip")
                || logText.contains("Could not fetch URL") else { return [] }
        let inherited = ContainerProxy.inherited(from: context.hostEnvironment)
        let host = inherited.variables  // the CA and proxy variables this machine sets (non-empty)
        let variables = (ContainerProxy.caVariables + ContainerProxy.proxyVariables).filter { host[$0] != nil }
        guard !variables.isEmpty else { return [] }
        let missingVariables = variables.filter { name in
            !context.passedVariables.contains(name)
                && !(context.engineCopiesProxyVariables && ContainerProxy.proxyVariables.contains(name))
        }
        let missingFiles = inherited.mounts.map(\.containerPath)
            .filter { !context.mountedPaths.contains($0) }
        let localProxy = ContainerProxy.proxyVariables.compactMap { host[$0] }.contains(where: isLocal)
        let needsHostNetwork = context.network != "host" && (localProxy || (certificate == nil && connection != nil))
        guard !missingVariables.isEmpty || !missingFiles.isEmpty || needsHostNetwork else { return [] }

        let what = certificate != nil ? "could not verify a TLS certificate (\(problem))" : "could not connect (\(problem))"
        // Proxy URLs may hold credentials: named, never shown; `"$NAME"` lets the shell fill them in.
        let settings = variables.map { ContainerProxy.caVariables.contains($0) ? "\($0)=\(host[$0]!)" : $0 }.joined(separator: " ")
        var lines = ["pip in the container \(what); this machine has \(settings),"
                     + " which a container does not see unless it is passed in"]
        var options = missingFiles.map { "--mount \($0):\($0):ro" } + missingVariables.map { name in
            ContainerProxy.caVariables.contains(name) ? "--env \(name)=\(host[name]!)" : "--env \(name)=\"$\(name)\""
        }
        if needsHostNetwork { options.append("--network host") }
        if !missingVariables.isEmpty || !missingFiles.isEmpty {
            lines.append("rerun with --inherit-proxy\(needsHostNetwork ? " --network host" : "") (it passes these variables"
                         + " and mounts the CA bundle read-only), or add: " + options.joined(separator: " "))
        } else {
            lines.append("rerun with --network host (the proxy is on this machine, or reachable only from its network)")
        }
        return lines
    }

    /// A proxy URL on this machine's loopback (`http://127.0.0.1:3128`, `localhost`): unreachable from a
    /// container's own network.
    static func isLocal(_ url: String) -> Bool {
        let host = URLComponents(string: url.contains("://") ? url : "http://" + url)?.host ?? ""
        return host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }
}
