/// YAML 1.1 numbers, read without the traps of overflowing arithmetic.
enum YAMLNumber {
    /// An integer in YAML 1.1 syntax (`-12`, `1_000`, `0x1F`, `0o17`, `017`, `0b101`, `1:30`), or `nil`
    /// when it does not fit an `Int`.
    static func integer(_ text: String) -> (value: Int, radix: Int)? {
        var digits = Substring(text.filter { $0 != "_" })
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        if digits.contains(":") {
            return sexagesimal(digits, negative: negative).map { ($0, 60) }
        }
        var radix = 10
        for (prefix, base) in [("0x", 16), ("0o", 8), ("0b", 2)] where digits.hasPrefix(prefix) {
            radix = base
            digits = digits.dropFirst(2)
        }
        if radix == 10, digits.count > 1, digits.hasPrefix("0") {
            radix = 8
            digits = digits.dropFirst()
        }
        guard let value = Int(negative ? "-" + digits : String(digits), radix: radix) else { return nil }
        return (value, radix)
    }

    /// A YAML 1.1 float (`1.5`, `1e3`, `.inf`, `-.Inf`, `.nan`, `1:30.5`), or `nil`.
    static func float(_ text: String) -> Double? {
        let cleaned = text.filter { $0 != "_" }
        switch cleaned.lowercased() {
        case ".inf", "+.inf": return .infinity
        case "-.inf": return -.infinity
        case ".nan": return .nan
        default: break
        }
        if cleaned.contains(":") {
            var parts = Substring(cleaned)
            let negative = parts.hasPrefix("-")
            if negative || parts.hasPrefix("+") { parts = parts.dropFirst() }
            var value = 0.0
            for part in parts.split(separator: ":", omittingEmptySubsequences: false) {
                guard let number = Double(part) else { return nil }
                value = value * 60 + number
            }
            return negative ? -value : value
        }
        return Double(cleaned)
    }

    private static func sexagesimal(_ digits: Substring, negative: Bool) -> Int? {
        var value = 0
        for part in digits.split(separator: ":", omittingEmptySubsequences: false) {
            guard let number = Int(part) else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 60)
            let (sum, overflowAgain) = shifted.addingReportingOverflow(number)
            guard !overflow, !overflowAgain else { return nil }
            value = sum
        }
        return negative ? -value : value
    }
}
