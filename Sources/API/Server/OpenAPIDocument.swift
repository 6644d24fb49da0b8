/// The API's OpenAPI description, served at `/api/openapi.yaml`. Filled in by `OpenAPIDocument+Text.swift`.
enum OpenAPIDocument {}
