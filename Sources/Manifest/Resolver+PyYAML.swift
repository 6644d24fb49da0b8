import Yams

extension Resolver {
    /// YAML 1.1 typing exactly as PyYAML (and so builds.sr.ht) does it.
    ///
    /// Yams' defaults also read `1e3`, `08` and `0o17` as numbers; PyYAML keeps them strings, and a
    /// manifest that says `MONTH: 08` must export `08`, not `8`. Floats need a dot; octal is `0[0-7]+`.
    static let pyYAML: Resolver = {
        let int = #"""
            ^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$
            """#
        let float = #"""
            ^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$
            """#
        // Both patterns are constants known to compile; should that ever change, Yams' own typing is the fallback.
        return (try? Resolver.default.replacing(.int, with: int).replacing(.float, with: float)) ?? .default
    }()
}
