extension Sequence<UInt8> {
    /// The bytes as lowercase hex, two digits each (`0a1b…`).
    public var lowercaseHex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether these bytes equal `other`, in a time that depends only on their lengths: every byte
    /// of the longer one is looked at, with no early exit on the first difference (for comparing
    /// secrets, signatures and CSRF tokens).
    public func equalsInConstantTime(_ other: some Sequence<UInt8>) -> Bool {
        let first = Array(self)
        let second = Array(other)
        var difference = UInt8(first.count == second.count ? 0 : 1)
        for index in 0..<Swift.max(first.count, second.count) {
            difference |= (index < first.count ? first[index] : 0) ^ (index < second.count ? second[index] : 0)
        }
        return difference == 0
    }
}
