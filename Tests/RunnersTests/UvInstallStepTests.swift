import Foundation
import Testing
@testable import Runners

@Suite("uv in place of pip: flags, pip's settings, the choice")
struct UvInstallStepTests {
    @Test("the flags KFP's install steps carry map to uv's, in place, with pip's index strategy")
    func kfpFlags() {
        let step = ["kfp==2.17.3", "--no-deps", "typing-extensions>=3.7.4,<5; python_version<\"3.9\""]
        #expect(UvInstallStep.arguments(for: step)
                == .success(step + ["--index-strategy", "unsafe-best-match"]))
        let indexed = ["--index-url", "https://mirror.example/simple", "--trusted-host", "mirror.example",
                       "--extra-index-url=https://extra.example/simple", "pandas"]
        #expect(UvInstallStep.arguments(for: indexed) == .success([
            "--index-url", "https://mirror.example/simple", "--allow-insecure-host", "mirror.example",
            "--extra-index-url", "https://extra.example/simple", "pandas", "--index-strategy", "unsafe-best-match"]))
        #expect(UvInstallStep.arguments(for: ["--pre", "--force-reinstall", "--no-cache-dir", "-r", "req.txt"])
                == .success(["--prerelease", "allow", "--reinstall", "-r", "req.txt", "--index-strategy", "unsafe-best-match"]))
    }

    @Test("bytecode is compiled at install only when imports cannot write it, and never against --no-compile")
    func bytecode() {
        let lazy = ["six", "--index-strategy", "unsafe-best-match"]
        #expect(UvInstallStep.arguments(for: ["six"]) == .success(lazy))
        #expect(UvInstallStep.arguments(for: ["--compile", "six"]) == .success(lazy))
        #expect(UvInstallStep.arguments(for: ["six"], compileAtInstall: true) == .success(lazy + ["--compile-bytecode"]))
        #expect(UvInstallStep.arguments(for: ["--no-compile", "six"], compileAtInstall: true) == .success(lazy))
        #expect(UvInstallStep.importsCannotWriteBytecode(["PYTHONDONTWRITEBYTECODE": "1"]))
        #expect(!UvInstallStep.importsCannotWriteBytecode(["PYTHONDONTWRITEBYTECODE": ""]))
        #expect(!UvInstallStep.importsCannotWriteBytecode([:]))
    }

    @Test("a pip flag uv cannot honour is refused with its name; a missing value too")
    func unsupported() {
        #expect(UvInstallStep.firstUnsupported(in: [["six"], ["--user", "six"]]) == "uv has no equivalent of pip's `--user`")
        #expect(UvInstallStep.firstUnsupported(in: [["--prefer-binary", "six"]]) == "uv has no equivalent of pip's `--prefer-binary`")
        #expect(UvInstallStep.firstUnsupported(in: [["six", "--index-url"]]) == "`--index-url` has no value")
        #expect(UvInstallStep.firstUnsupported(in: [["six"], ["--no-deps", "kfp"]]) == nil)
        // pip accepts any --trusted-host and ignores one that is no host; uv refuses to start (seen in CI).
        #expect(UvInstallStep.firstUnsupported(in: [["--trusted-host", "file:///no-such-index", "six"]])
                == "uv's --allow-insecure-host takes a host[:port], not pip's --trusted-host `file:///no-such-index`")
        #expect(UvInstallStep.firstUnsupported(in: [["--trusted-host=pypi.internal:8443", "six"]]) == nil)
    }

    @Test("pip.conf's [global] and [install] and PIP_* variables become uv's variables")
    func pipSettings() throws {
        let dir = try TestSupport.makeTemporaryDirectory("pipconf")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let conf = dir + "/pip.conf"
        try Data("""
            [global]
            find-links = /opt/wheels
              /srv/more-wheels
            cert = /etc/ssl/custom.pem
            timeout: 60
            [install]
            trusted-host = mirror.example
            """.utf8).write(to: URL(fileURLWithPath: conf))
        let settings = PipSettings.current(["PIP_CONFIG_FILE": conf, "PIP_INDEX_URL": "https://mirror.example/simple",
                                            "PIP_DISABLE_PIP_VERSION_CHECK": "1", "HOME": dir])
        #expect(settings.unsupportedByUv == nil)
        #expect(settings.uvEnvironment(inherited: [:]) == [
            "UV_FIND_LINKS": "/opt/wheels,/srv/more-wheels", "SSL_CERT_FILE": "/etc/ssl/custom.pem",
            "UV_HTTP_TIMEOUT": "60", "UV_INSECURE_HOST": "mirror.example", "UV_INDEX_URL": "https://mirror.example/simple"])
        #expect(settings.uvEnvironment(inherited: ["SSL_CERT_FILE": "/mine.pem"])["SSL_CERT_FILE"] == nil)
        let odd = PipSettings.current(["PIP_CONFIG_FILE": "/dev/null", "PIP_USER": "1"])
        #expect(odd.unsupportedByUv == "pip's setting `user` has no uv equivalent here")
    }

    @Test("TARMAC_ENV_TOOL forces a tool; automatic takes uv when found and says why when not")
    func choice() throws {
        let none = PipSettings(values: [:])
        let uv = EnvironmentToolChoice(preference: .automatic, uv: "/opt/uv")
        #expect(try uv.decide(installSteps: [["six"]], pipSettings: none).0 == .uv("/opt/uv"))
        let (fallback, why) = try uv.decide(installSteps: [["--user", "six"]], pipSettings: none)
        #expect(fallback == .pip && why == "pip, not uv: uv has no equivalent of pip's `--user`")
        #expect(try EnvironmentToolChoice(preference: .automatic, uv: nil).decide(installSteps: [], pipSettings: none)
                == (.pip, "pip (no uv on PATH or at TARMAC_UV)"))
        #expect(try EnvironmentToolChoice(preference: .pip, uv: "/opt/uv").decide(installSteps: [], pipSettings: none).0 == .pip)
        #expect(throws: RunnerError.self) {
            try EnvironmentToolChoice(preference: .uv, uv: nil).decide(installSteps: [], pipSettings: none)
        }
        let bad = try #require(throws: RunnerError.self) { try EnvironmentToolChoice.fromEnvironment(["TARMAC_ENV_TOOL": "conda"]) }
        #expect(bad.message.contains("TARMAC_ENV_TOOL=conda"))
        #expect(try EnvironmentToolChoice.fromEnvironment(["TARMAC_UV": "/no/such/uv", "PATH": "/usr/bin"]).uv == nil)
        // A relative TARMAC_UV is the current directory's (uv runs from the task's): here, a way up to /bin/sh.
        let up = String(repeating: "../", count: FileManager.default.currentDirectoryPath.split(separator: "/").count)
        let found = try #require(try EnvironmentToolChoice.fromEnvironment(["TARMAC_UV": up + "bin/sh"]).uv)
        #expect(found.hasPrefix("/") && !found.contains(".."), "absolute: \(found)")
        #expect(URL(fileURLWithPath: found).resolvingSymlinksInPath() == URL(fileURLWithPath: "/bin/sh").resolvingSymlinksInPath())
        #expect(try EnvironmentToolChoice.fromEnvironment(["TARMAC_ENV_TOOL": "PIP"]).preference == .pip)
    }
}
