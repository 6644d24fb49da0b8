public import HckCore

/// Why the image catalog, the image store or an image build failed: what, where and why.
public typealias ImageError = CodedError<ImageErrorCode>

/// What kind of failure an ``ImageError`` is.
public enum ImageErrorCode: String, ErrorCode {
    /// A catalog file is missing or not valid.
    case unreadable
    /// No catalog image has that name.
    case unknownImage
    /// The image exists but not for that architecture.
    case unknownArch
    /// A repository line is not `url distro component [keyid]`.
    case badRepository
    /// A file of a built image is missing: it is not built.
    case notBuilt
    /// A built image's `image.json` is not valid.
    case badMetadata
    /// A build step's script exited non-zero.
    case stepFailed
    /// A build step's script could not be started.
    case cannotStart
    /// A finished build could not be moved into the store.
    case cannotInstall
}
