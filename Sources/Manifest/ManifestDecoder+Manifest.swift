import Yams

extension ManifestDecoder {
    /// The fields a manifest may have, in the order `docs/manifest.md` lists them.
    static let knownFields: Set<String> = [
        "image", "arch", "packages", "repositories", "sources", "environment", "secrets", "shell",
        "artifacts", "tasks", "triggers", "oauth",
    ]

    /// The longest image name allowed.
    static let maximumImageLength = 128

    /// Reads the whole manifest; `nil` when the root is not a mapping or `image` is unusable.
    mutating func manifest(from root: Node) -> Manifest? {
        guard case .mapping(let mapping) = root else {
            error("a manifest is a mapping of fields (image:, tasks:, …), not \(root.kindDescription)", at: root)
            return nil
        }
        var manifest = Manifest(image: "")
        var image: String?
        var sawImage = false
        var tasksNode: Node?
        for entry in entries(of: mapping, in: "the manifest") {
            let value = entry.value
            switch entry.key {
            case "image":
                sawImage = true
                image = self.image(value)
            case "arch":
                manifest.arch = optionalString(value, "'arch'").flatMap { $0 == "default" ? nil : $0 }
            case "packages":
                manifest.packages = stringList(value, "packages").map(\.text)
            case "repositories":
                manifest.repositories = repositories(value)
            case "sources":
                manifest.sources = sources(value)
            case "environment":
                manifest.environment = environment(value)
            case "secrets":
                manifest.secrets = stringList(value, "secrets").map(\.text)
            case "shell":
                manifest.shell = value.isNull ? false : (bool(value, "'shell'") ?? false)
            case "artifacts":
                manifest.artifacts = artifacts(value)
            case "tasks":
                tasksNode = value
                manifest.tasks = tasks(value)
            case "triggers":
                manifest.triggers = triggers(value)
            case "oauth":
                manifest.oauth = optionalString(value, "'oauth'")
                for problem in OAuthGrants.parse(manifest.oauth ?? "").problems {
                    report(problem.severity, problem.message, at: position(of: value))
                }
            default:
                warning("unknown field '\(entry.key.escapedForMessage)' is ignored", at: entry.keyNode)
            }
        }
        if !sawImage {
            report(.error, "missing required field 'image' (e.g. image: debian/stable)", at: position(of: root))
        }
        if !manifest.shell, tasksNode?.isEmptyList ?? true {
            let message = "no tasks: a manifest needs at least one task unless it sets 'shell: true'"
            report(.error, message, at: tasksNode.map(position(of:)) ?? position(of: root))
        }
        guard let image else { return nil }
        manifest.image = image
        return manifest
    }

    private mutating func image(_ node: Node) -> String? {
        guard let image = string(node, "'image'") else { return nil }
        if image.isEmpty {
            error("'image' is empty; name an image such as debian/stable", at: node)
            return nil
        }
        if image.count > Self.maximumImageLength {
            error("image name is \(image.count) characters long; the limit is \(Self.maximumImageLength)", at: node)
            return nil
        }
        return image
    }

    /// A string that may also be null (meaning absent).
    mutating func optionalString(_ node: Node, _ what: String) -> String? {
        node.isNull ? nil : string(node, what)
    }

    private mutating func repositories(_ node: Node) -> [Repository] {
        if node.isNull { return [] }
        guard let mapping = mapping(node, "'repositories'") else { return [] }
        return entries(of: mapping, in: "'repositories'").compactMap { entry in
            if entry.value.isNull { return Repository(name: entry.key, spec: nil) }
            guard let spec = string(entry.value, "repository '\(entry.key)'") else { return nil }
            return Repository(name: entry.key, spec: spec)
        }
    }
}
