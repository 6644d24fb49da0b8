import HckCore
import Testing

/// HckCore's byte helpers that signatures, tokens and cache names share.
@Suite struct BytesTests {
    @Test func hexIsTwoLowercaseDigitsPerByte() {
        #expect([UInt8]([0x00, 0x0a, 0xff, 0x7f]).lowercaseHex == "000aff7f")
        #expect([UInt8]().lowercaseHex.isEmpty)
    }

    @Test func constantTimeEqualityComparesWholeSequences() {
        #expect("secret".utf8.equalsInConstantTime("secret".utf8))
        #expect(!"secret".utf8.equalsInConstantTime("secreT".utf8))
        #expect(!"secret".utf8.equalsInConstantTime("secret2".utf8), "a longer one with the same start differs")
        #expect(!"secret2".utf8.equalsInConstantTime("secret".utf8))
        #expect([UInt8]().equalsInConstantTime([UInt8]()))
    }
}
