extension OpenAPIDocument {
    static let yaml = """
        openapi: 3.0.3
        info:
          title: hck
          version: "1"
        paths: {}
        """
}
