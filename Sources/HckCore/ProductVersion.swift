/// hck's version, which `hck --version` prints and runner nodes register with.
public enum ProductVersion {
    /// The version of this build.
    public static let current = "0.17.0"
}
