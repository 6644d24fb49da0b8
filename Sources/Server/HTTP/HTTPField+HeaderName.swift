import HTTPTypes
public import Wire

extension HTTPField.Name {
    /// One of hck's own headers. Their names are valid field names, so this never fails.
    package init(_ name: HeaderName) {
        self.init(name.rawValue)!
    }
}
