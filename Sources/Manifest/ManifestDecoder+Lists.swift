import Yams

extension ManifestDecoder {
    /// `sources`: each string read as `[dir::][git+|hg+]url[#ref]`; two sources may not share a directory.
    mutating func sources(_ node: Node) -> [Source] {
        var result: [Source] = []
        var directories: [String: TextPosition] = [:]
        for item in stringList(node, "sources") {
            do {
                let source = try Source(parsing: item.text)
                if let first = directories[source.directory] {
                    error(
                        "source '\(item.text)' clones into '\(source.directory)' like the source at line \(first.line); "
                            + "write 'OTHER-DIR::\(item.text)'",
                        at: item.node
                    )
                    continue
                }
                directories[source.directory] = position(of: item.node)
                result.append(source)
            } catch {
                self.error(error.description, at: item.node)
            }
        }
        return result
    }

    /// `artifacts`: non-empty paths with unique basenames.
    mutating func artifacts(_ node: Node) -> [String] {
        var result: [String] = []
        var basenames: [String: (path: String, position: TextPosition)] = [:]
        for item in stringList(node, "artifacts") {
            let path = item.text
            let basename = path.split(separator: "/").last.map(String.init) ?? ""
            if path.trimmingWhitespace.isEmpty {
                error("artifact path is empty", at: item.node)
                continue
            }
            if basename.isEmpty || basename == "." || basename == ".." {
                error("artifact path '\(path)' names no file", at: item.node)
                continue
            }
            if let first = basenames[basename] {
                error(
                    "artifact basename '\(basename)' is used twice ('\(first.path)' at line \(first.position.line) "
                        + "and '\(path)'); artifacts are stored by basename",
                    at: item.node
                )
                continue
            }
            if path.hasPrefix("~") {
                warning(
                    "artifact path '\(path)' is taken literally: '~' is not the home folder; write it relative",
                    at: item.node
                )
            }
            basenames[basename] = (path, position(of: item.node))
            result.append(path)
        }
        return result
    }

    /// `tasks`: single-key mappings name → script, valid unique names.
    mutating func tasks(_ node: Node) -> [BuildTask] {
        if node.isNull { return [] }
        guard case .sequence(let sequence) = node else {
            error("'tasks' must be a list of '- name: script' entries, not \(node.kindDescription)", at: node)
            return []
        }
        var result: [BuildTask] = []
        var names: [String: TextPosition] = [:]
        for item in sequence {
            guard case .mapping(let mapping) = item else {
                error("each task must be a single 'name: script' mapping, not \(item.kindDescription)", at: item)
                continue
            }
            let entries = entries(of: mapping, in: "a task")
            guard entries.count == 1, let entry = entries.first else {
                if entries.count > 1 {
                    error("a task must have exactly one 'name: script' entry; this one has \(entries.count)", at: item)
                } else if mapping.isEmpty {
                    error("a task must have exactly one 'name: script' entry; this one is empty", at: item)
                }
                continue
            }
            if let problem = BuildTask.problem(withName: entry.key) {
                error(problem, at: entry.keyNode)
                continue
            }
            if let first = names[entry.key] {
                error(
                    "duplicate task name '\(entry.key)' (first at line \(first.line), column \(first.column))",
                    at: entry.keyNode
                )
                continue
            }
            names[entry.key] = position(of: entry.keyNode)
            guard let script = string(entry.value, "the script of task '\(entry.key)'") else { continue }
            result.append(BuildTask(name: entry.key, script: script))
        }
        return result
    }
}

extension String {
    var trimmingWhitespace: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? endIndex
        return start < end ? self[start..<end] : ""
    }
}
