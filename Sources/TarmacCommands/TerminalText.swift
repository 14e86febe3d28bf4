/// Task output made safe to print on a terminal: a component's log must not be able to retitle the window
/// (OSC 0), write the clipboard (OSC 52), clear the screen (CSI 2J) or move the cursor over Tarmac's own lines.
enum TerminalText {
    /// `text` with every control character except tab, newline and a CR ending a line (dropped) shown in caret notation (ESC as `^[`,
    /// so `ESC ] 0 ;` prints as `^[]0;`, harmless and still readable), DEL as `^?`, and C1 controls
    /// (U+0080–U+009F, e.g. the one-character CSI U+009B) as U+FFFD. Plain text comes back unchanged.
    static func sanitize(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar.value {
            case 0x09, 0x0A:
                out.append(scalar)
            case 0x0D where index + 1 == scalars.count || scalars[index + 1] == "\n":
                continue  // the CR of a CRLF line end
            case 0x00..<0x20:
                out.append("^")
                out.append(Unicode.Scalar(UInt8(scalar.value + 0x40)))
            case 0x7F:
                out.append(contentsOf: "^?".unicodeScalars)
            case 0x80...0x9F:
                out.append("\u{FFFD}")
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value < 0x20 && value != 0x09 && value != 0x0A) || (0x7F...0x9F).contains(value)
    }
}
