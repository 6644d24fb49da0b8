import Yams

extension ManifestDecoder {
    /// `triggers`: mappings with `action` (email or webhook), `condition` and the action's own keys.
    mutating func triggers(_ node: Node) -> [Trigger] {
        if node.isNull { return [] }
        guard case .sequence(let sequence) = node else {
            error("'triggers' must be a list of mappings, not \(node.kindDescription)", at: node)
            return []
        }
        return sequence.compactMap { item in
            guard let mapping = mapping(item, "each trigger") else { return nil }
            return trigger(mapping, at: item)
        }
    }

    private mutating func trigger(_ mapping: Node.Mapping, at node: Node) -> Trigger? {
        var fields: [String: Entry] = [:]
        for entry in entries(of: mapping, in: "a trigger") {
            fields[entry.key] = entry
        }
        let condition = self.condition(fields["condition"], at: node)
        guard let actionEntry = fields["action"] else {
            report(.error, "trigger has no 'action' (email or webhook)", at: position(of: node))
            return nil
        }
        guard let actionName = string(actionEntry.value, "'action'") else { return nil }
        let allowed: Set<String>
        let action: Trigger.Action?
        switch actionName {
        case "email":
            allowed = ["action", "condition", "to", "cc", "in_reply_to"]
            action = email(fields, at: node)
        case "webhook":
            allowed = ["action", "condition", "url"]
            action = webhook(fields, at: node)
        default:
            error("unknown trigger action '\(actionName)' (expected email or webhook)", at: actionEntry.value)
            return nil
        }
        for entry in entries(of: mapping, in: "a trigger") where !allowed.contains(entry.key) {
            warning(
                "unknown key '\(entry.key.escapedForMessage)' in an \(actionName) trigger is ignored",
                at: entry.keyNode
            )
        }
        guard let condition, let action else { return nil }
        return Trigger(condition: condition, action: action)
    }

    private mutating func condition(_ entry: Entry?, at node: Node) -> Trigger.Condition? {
        guard let entry else {
            report(.error, "trigger has no 'condition' (always, failure or success)", at: position(of: node))
            return nil
        }
        guard let text = string(entry.value, "'condition'") else { return nil }
        guard let condition = Trigger.Condition(rawValue: text) else {
            error("unknown trigger condition '\(text)' (expected always, failure or success)", at: entry.value)
            return nil
        }
        return condition
    }

    private mutating func email(_ fields: [String: Entry], at node: Node) -> Trigger.Action? {
        guard let to = fields["to"] else {
            report(.error, "email trigger has no 'to' (the recipients)", at: position(of: node))
            return nil
        }
        guard let recipients = string(to.value, "'to'") else { return nil }
        if recipients.trimmingWhitespace.isEmpty {
            error("email trigger's 'to' is empty", at: to.value)
            return nil
        }
        let cc = fields["cc"].flatMap { optionalString($0.value, "'cc'") }
        let inReplyTo = fields["in_reply_to"].flatMap { optionalString($0.value, "'in_reply_to'") }
        return .email(Trigger.Email(to: recipients, cc: cc, inReplyTo: inReplyTo))
    }

    private mutating func webhook(_ fields: [String: Entry], at node: Node) -> Trigger.Action? {
        guard let url = fields["url"] else {
            report(.error, "webhook trigger has no 'url'", at: position(of: node))
            return nil
        }
        guard let text = string(url.value, "'url'") else { return nil }
        guard text.hasPrefix("http://") || text.hasPrefix("https://"), text.count > "https://".count - 1,
            !text.contains(where: \.isWhitespace)
        else {
            error("webhook url '\(text)' must be an http:// or https:// URL", at: url.value)
            return nil
        }
        return .webhook(Trigger.Webhook(url: text))
    }
}
