import Testing
@testable import TarmacCommands

@Suite struct TerminalTextTests {
    @Test func escapesBecomeVisibleText() {
        let hostile = "title\u{1B}]0;pwned\u{07} clip\u{1B}]52;c;aGk=\u{07} clear\u{1B}[2J csi\u{9B}2J del\u{7F}"
        let shown = TerminalText.sanitize(hostile)
        #expect(shown == "title^[]0;pwned^G clip^[]52;c;aGk=^G clear^[[2J csi\u{FFFD}2J del^?")
        #expect(!shown.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    @Test func plainTextTabsNewlinesAndLineEndingCRsStay() {
        #expect(TerminalText.sanitize("a\tb\nc\r\nd é ✓\r") == "a\tb\nc\nd é ✓")
        #expect(TerminalText.sanitize("50%\r60%") == "50%^M60%")
    }
}
