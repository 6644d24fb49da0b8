public import ArgumentParser
public import Images

/// `--image-dir` and `--catalog`, for every command that reads images: `hck image`, `hck run`,
/// `hck runner` and `hck up`. What they default to is ``ImageLocations``' rule.
public struct ImageOptions: ParsableArguments {
    @Option(
        name: [.customLong("image-dir"), .customLong("output")],
        help: """
            Where built images are (default: $HCK_IMAGE_DIR, else /var/cache/hck/images as root, \
            ~/.cache/hck/images otherwise).
            """
    )
    public var imageDir: String?

    @Option(
        help: """
            The image catalog, for aliases like debian/stable (default: $HCK_CATALOG, else the catalog \
            installed with hck, else the checkout's images/ folder).
            """
    )
    public var catalog: String?

    /// Options as given.
    public init() {}

    /// Where the images and the catalog are for these options.
    public var locations: ImageLocations { ImageLocations(imageDirectory: imageDir, catalog: catalog) }
}
