import Foundation

/// The host's proxy and CA-bundle settings, which a container does not see unless they are passed in
/// (`tarmac run --inherit-proxy`): behind a TLS-intercepting proxy, `pip install` in a container
/// fails with `CERTIFICATE_VERIFY_FAILED` without the proxy's CA.
public enum ContainerProxy {
    /// Variables naming a CA bundle file (pip, requests, OpenSSL).
    public static let caVariables = ["PIP_CERT", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"]
    /// Proxy variables, in both spellings (curl and pip read the lower-case ones, others the upper-case).
    public static let proxyVariables = ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"]

    /// What `--inherit-proxy` passes: the CA and proxy variables set (non-empty) in `environment`, by name,
    /// and each CA bundle they name that is an existing file, mounted read-only at the same path.
    public static func inherited(from environment: [String: String],
                                 isFile: (String) -> Bool = ContainerProxy.isFile) -> (variables: [String: String], mounts: [ContainerMount]) {
        var variables: [String: String] = [:]
        for name in caVariables + proxyVariables {
            if let value = environment[name], !value.isEmpty { variables[name] = value }
        }
        var mounts: [ContainerMount] = []
        for name in caVariables {
            guard let path = variables[name], path.hasPrefix("/"), isFile(path),
                  !mounts.contains(where: { $0.hostPath == path }) else { continue }
            mounts.append(ContainerMount(hostPath: path, containerPath: path, readOnly: true))
        }
        return (variables, mounts)
    }

    /// Whether `path` is an existing file (a link to one counts).
    public static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
