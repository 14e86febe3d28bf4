extension CELFunctions {
    /// A double as Go's `strconv.FormatFloat(d, 'g', -1, 64)` writes it (cel-go's `string(double)`):
    /// shortest round-trip digits, exponent form when the exponent is below -4 or at least 6
    /// (`1e+06`, `1.5e-07`, `123456`, `0.0001`), `NaN`, `+Inf`, `-Inf`.
    static func goFormat(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
        let sign = d.sign == .minus ? "-" : ""
        if d == 0 { return sign + "0" }
        let (digits, point) = shortestDigits(abs(d))
        let exponent = point - 1
        if exponent < -4 || exponent >= 6 {
            var mantissa = String(digits.first!)
            if digits.count > 1 { mantissa += "." + String(digits.dropFirst()) }
            let magnitude = String(abs(exponent))
            let padded = magnitude.count < 2 ? "0" + magnitude : magnitude
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + padded
        }
        var out = point <= 0 ? "0" : ""
        for i in 0..<max(point, 0) { out.append(i < digits.count ? digits[i] : "0") }
        if digits.count > point {
            out += "."
            for i in point..<digits.count { out.append(i < 0 ? "0" : digits[i]) }
        }
        return sign + out
    }

    /// The shortest round-trip decimal digits of a positive finite `d` (no leading or trailing
    /// zeros) and the position of the decimal point relative to the first digit.
    static func shortestDigits(_ d: Double) -> (digits: [Character], point: Int) {
        var text = "\(d)"
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var digits = Array(parts[0]) + (parts.count > 1 ? Array(parts[1]) : [])
        var point = parts[0].count + exponent
        while digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        return (digits, point)
    }
}
