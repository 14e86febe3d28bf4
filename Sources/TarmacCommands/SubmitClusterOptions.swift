import ArgumentParser
import Basics
import ClusterAPI
import Foundation
import PipelineIR

/// How to reach a KFP deployment: `--host` and the credentials, shared by `submit` and `watch`.
/// Secrets (the token, header values) are only ever put in request headers: never printed, logged or stored.
struct ClusterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The KFP API address, e.g. https://kfp.example.com/pipeline or http://127.0.0.1:8080 "
                               + "(default: $KFP_HOST, else host in tarmac.toml).", valueName: "URL"))
    var host: String?

    @Option(help: ArgumentHelp("A bearer token, sent as the KFP SDK's existing_token is (default: $KFP_TOKEN). "
                               + "--token-file keeps it out of the process list.", valueName: "TOKEN"))
    var token: String?

    @Option(name: .customLong("token-file"), help: ArgumentHelp("Read the bearer token from FILE (e.g. a projected service-account token).", valueName: "FILE"))
    var tokenFile: String?

    @Option(name: .customLong("header"), help: ArgumentHelp("An extra request header (an IAP or ingress cookie); repeatable.", valueName: "NAME=VALUE"))
    var headers: [String] = []

    @Flag(name: .customLong("insecure-skip-tls-verify"), help: "Do not verify the server's TLS certificate (off by default).")
    var insecureSkipTLSVerify = false

    @Option(name: .customLong("ca-file"), help: ArgumentHelp("Trust the PEM certificates in FILE for https:// hosts.", valueName: "FILE"))
    var caFile: String?

    @Option(name: .customLong("request-timeout"), help: ArgumentHelp("Seconds one API request may take, connecting included (default 30).", valueName: "SECONDS"))
    var requestTimeout: Double = 30

    /// The host: `--host`, else `$KFP_HOST`, else `host` of the config files.
    func resolvedHost() throws -> ClusterHost {
        let environment = ProcessInfo.processInfo.environment["KFP_HOST"].flatMap { $0.isEmpty ? nil : $0 }
        guard let text = host ?? environment ?? Config.current.string(.host) else {
            throw UsageError("no KFP host: pass --host URL, set KFP_HOST, or set host in tarmac.toml",
                             hint: "for a cluster: kubectl port-forward -n kubeflow svc/ml-pipeline-ui 8080:80, then --host http://127.0.0.1:8080")
        }
        return try ClusterHost(parsing: text)
    }

    /// The credentials: `--token`, else `--token-file`, else `$KFP_TOKEN`; and the `--header`s.
    func credentials() throws -> Credentials {
        if token != nil, tokenFile != nil { throw UsageError("--token and --token-file cannot both be given") }
        var fields: [(name: String, value: String)] = []
        for option in headers {
            guard let eq = option.firstIndex(of: "="), eq != option.startIndex,
                  option[..<eq].allSatisfy({ $0.isLetter || $0.isNumber || "-_".contains($0) }) else {
                throw UsageError("--header expects NAME=VALUE with a header name of letters, digits, - and _",
                                 hint: "for example --header Cookie=authservice_session=…")
            }
            fields.append((String(option[..<eq]), String(option[option.index(after: eq)...])))
        }
        if let token { return Credentials(token: token, tokenSource: "--token", headers: fields) }
        if let tokenFile {
            let text = try readText(tokenFile, what: "token file")
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw UsageError("the token file \(tokenFile) is empty")
            }
            return Credentials(token: text, tokenSource: "--token-file \(tokenFile)", headers: fields)
        }
        if let variable = ProcessInfo.processInfo.environment["KFP_TOKEN"], !variable.isEmpty {
            return Credentials(token: variable, tokenSource: "KFP_TOKEN", headers: fields)
        }
        return Credentials(token: nil, tokenSource: nil, headers: fields)
    }

    /// A client for `host` (default: the resolved one) sending `credentials` (default: the resolved ones); call `shutdown()`.
    func makeClient(host: ClusterHost? = nil, credentials: Credentials? = nil) throws -> ClusterClient {
        guard requestTimeout > 0, requestTimeout.isFinite else {
            throw UsageError("--request-timeout must be a positive number of seconds, got \(requestTimeout)")
        }
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw IRError(FileManager.default.fileExists(atPath: caFile) ? "cannot read the CA file" : "no such CA file", at: .path(caFile))
        }
        return try ClusterClient(host: try host ?? resolvedHost(), credentials: try credentials ?? self.credentials(),
                                 tls: TLSOptions(skipVerify: insecureSkipTLSVerify, caFile: caFile),
                                 timeouts: Timeouts(connect: min(10, requestTimeout), request: requestTimeout))
    }
}
