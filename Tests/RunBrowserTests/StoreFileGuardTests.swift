import Foundation
import Testing
@testable import RunBrowser

@Suite("StoreFileGuard: only files inside the store")
struct StoreFileGuardTests {
    @Test("a file inside is served; '..', a relative path, a path outside and a symlink out are refused")
    func containment() throws {
        let fixture = try BrowserFixture()
        let root = fixture.directory + "/artifacts"
        try FileManager.default.createDirectory(atPath: root + "/run/task", withIntermediateDirectories: true)
        try "data".write(toFile: root + "/run/task/out.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root + "/run/task/escape", withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: root + "/run/inside", withDestinationPath: root + "/run/task")
        let guarded = StoreFileGuard(roots: [root])
        #expect(guarded.check(root + "/run/task/out.txt") == .success(root + "/run/task/out.txt"))
        #expect(guarded.check(root + "/run/inside/out.txt") == .success(root + "/run/task/out.txt"), "a link that stays inside")
        #expect(guarded.check(root + "/run/../../../etc/passwd") == .failure(.notPlain))
        #expect(guarded.check(root + "/run/task/..") == .failure(.notPlain))
        #expect(guarded.check("run/task/out.txt") == .failure(.notPlain))
        #expect(guarded.check("/etc/passwd") == .failure(.outside))
        #expect(guarded.check(root + "/run/task/escape") == .failure(.outside), "a symlink escaping the root")
        #expect(guarded.check(root + "-sibling/x") == .failure(.missing))
        try FileManager.default.createDirectory(atPath: root + "-sibling", withIntermediateDirectories: true)
        try "x".write(toFile: root + "-sibling/x", atomically: true, encoding: .utf8)
        #expect(guarded.check(root + "-sibling/x") == .failure(.outside), "a sibling whose name starts like the root")
    }

    @Test("the token compares whole values only; loopback hosts need none")
    func token() {
        let token = AccessToken("s3cret-token")
        #expect(token.matches("s3cret-token"))
        #expect(!token.matches("s3cret-toke") && !token.matches("s3cret-tokenX") && !token.matches(nil) && !token.matches(""))
        let generated = AccessToken.generate()
        #expect(generated.value.count == 32 && generated != AccessToken.generate())
        #expect(AccessToken.isLoopback("127.0.0.1") && AccessToken.isLoopback("::1") && !AccessToken.isLoopback("0.0.0.0"))
    }
}
