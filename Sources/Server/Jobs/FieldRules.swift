import Foundation
import HTTPTypes
import Wire

/// The limit on every field a user or runner sends, in one place: the API routes and the web pages
/// call these, so a rule is never written twice. Each refusal is a 400 that names the field and
/// says what it takes.
enum FieldRules {
    /// The longest note, in bytes of UTF-8 (a job page shows it whole, and so does the home page).
    static let noteBytes = 4096
    /// The most tags a job may carry.
    static let tagCount = 64
    /// The longest tag, in characters.
    static let tagLength = 128
    /// The longest artifact name in bytes of UTF-8: a file name (255 on Linux) with room for the
    /// `.NAME.partial` it is written as first.
    static let artifactNameBytes = 200
    /// The longest secret name, in characters.
    static let secretNameLength = 128
    /// The longest path of a file secret, in bytes of UTF-8.
    static let secretPathBytes = 1024
    /// The modes a file secret may have: permission bits only (no setuid, setgid or sticky).
    static let secretModes = 0...0o777
    /// The longest SSH key comment, in characters.
    static let keyCommentLength = 256
    /// The longest schedule name, in characters.
    static let scheduleNameLength = 64
    /// The most manifests one schedule submits at a tick.
    static let scheduleManifestCount = 32

    /// The 400 for `field`.
    static func refusal(_ field: String, _ problem: String) -> APIError {
        APIError(.badRequest, "'\(field)' \(problem)", field: field)
    }

    /// A job's note: at most ``noteBytes``.
    static func checkNote(_ note: String?) throws(APIError) {
        guard let note, note.utf8.count > noteBytes else { return }
        throw refusal("note", "is \(note.utf8.count) bytes long; the limit is \(noteBytes)")
    }

    /// A job's tags, as builds.sr.ht takes them (letters, digits, `_`, `.`, `-`), at most
    /// ``tagCount`` of at most ``tagLength`` characters.
    static func checkTags(_ tags: [String]?) throws(APIError) {
        guard let tags else { return }
        guard tags.count <= tagCount else {
            throw refusal("tags", "has \(tags.count) tags; the limit is \(tagCount)")
        }
        for tag in tags {
            guard !tag.isEmpty, tag.count <= tagLength,
                tag.unicodeScalars.allSatisfy({ $0.isASCII && (Self.tagCharacters.contains($0)) })
            else {
                throw refusal(
                    "tags",
                    "has the tag '\(tag.prefix(40))': a tag is 1 to \(tagLength) letters, digits, '_', '.' or '-'"
                )
            }
        }
    }

    private static let tagCharacters = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-"
    )

    /// An artifact's name: a plain file name (no `/`, not `.` or `..`, no control characters), at
    /// most ``artifactNameBytes``. The name is stored as given, never URL-encoded.
    static func artifactName(_ name: String) throws(APIError) -> String {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !hasControlCharacters(name) else {
            throw refusal(
                "name",
                "of artifact '\(name.prefix(60))' must be a plain file name (no '/', not '.' or '..')"
            )
        }
        guard name.utf8.count <= artifactNameBytes else {
            throw refusal(
                "name",
                "of artifact '\(name.prefix(40))…' is \(name.utf8.count) bytes long; the limit is \(artifactNameBytes)"
            )
        }
        return name
    }

    /// A new secret: its name, and for a file its path and mode; an SSH key must look like one.
    static func checkSecret(_ secret: SecretRequest) throws(APIError) {
        guard !secret.name.isEmpty, secret.name.count <= secretNameLength,
            secret.name.unicodeScalars.allSatisfy({ $0.isASCII && Self.tagCharacters.contains($0) })
        else {
            throw refusal(
                "name",
                "of secret '\(secret.name.prefix(40))' must be 1 to \(secretNameLength) letters, digits, '.', '_' or '-'"
            )
        }
        switch secret.kind {
        case .file:
            guard let path = secret.path else {
                throw refusal("path", "is needed by a file secret (where the runner writes it in the guest)")
            }
            try checkSecretPath(path)
            if let mode = secret.mode, !secretModes.contains(mode) {
                throw refusal("mode", "must be permission bits from 0 to 0o777 (e.g. 0o600 = 384), not \(mode)")
            }
        case .sshKey:
            let text = String(decoding: secret.value, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.hasPrefix("-----BEGIN "), text.contains("PRIVATE KEY-----\n"), text.hasSuffix("PRIVATE KEY-----")
            else {
                throw refusal(
                    "value",
                    "of an ssh_key secret must be a private key file (-----BEGIN OPENSSH PRIVATE KEY----- …)"
                )
            }
        case .pgpKey:
            break
        }
    }

    /// Where a file secret goes in the guest: absolute or under `~/`, no `..`, no control characters.
    static func checkSecretPath(_ path: String) throws(APIError) {
        guard path.hasPrefix("/") || path.hasPrefix("~/"), path.utf8.count <= secretPathBytes else {
            throw refusal(
                "path",
                "'\(path.prefix(60))' must be absolute or start with '~/', at most \(secretPathBytes) bytes"
            )
        }
        guard !hasControlCharacters(path), !path.split(separator: "/").contains("..") else {
            throw refusal("path", "'\(path.prefix(60))' must have no '..' and no control characters (newlines)")
        }
    }

    /// A schedule's name: 1 to ``scheduleNameLength`` letters, digits, `.`, `_` or `-`, so that it
    /// reads as one word in `hck schedule rm NAME` and as one path segment.
    static func checkScheduleName(_ name: String) throws(APIError) {
        guard !name.isEmpty, name.count <= scheduleNameLength,
            name.unicodeScalars.allSatisfy({ $0.isASCII && Self.tagCharacters.contains($0) })
        else {
            throw refusal(
                "name",
                "of schedule '\(name.prefix(40))' must be 1 to \(scheduleNameLength) letters, digits, '.', '_' or '-'"
            )
        }
    }

    /// The longest cron expression, in characters.
    static let cronLength = 256
    /// The longest note of a schedule's own, in bytes of UTF-8: a tick's jobs carry it with a few
    /// lines added (which tick, how many were missed), and their note must fit ``noteBytes``.
    static let scheduleNoteBytes = noteBytes - 512

    /// A schedule's cron expression, read; a refusal says which field is wrong and why.
    static func cron(_ text: String) throws(APIError) -> CronSchedule {
        guard text.count <= cronLength else {
            throw refusal("cron", "is \(text.count) characters long; the limit is \(cronLength)")
        }
        do {
            return try CronSchedule(parsing: text)
        } catch {
            throw refusal("cron", "cannot be read: \(error)")
        }
    }

    /// A schedule's own note: at most ``scheduleNoteBytes``.
    static func checkScheduleNote(_ note: String?) throws(APIError) {
        guard let note, note.utf8.count > scheduleNoteBytes else { return }
        throw refusal(
            "note",
            "is \(note.utf8.count) bytes long; a schedule's note takes up to \(scheduleNoteBytes) "
                + "(each tick adds a few lines to it)"
        )
    }

    /// A schedule's manifests: 1 to ``scheduleManifestCount`` (each is then checked as a submission).
    static func checkScheduleManifests(_ manifests: [String]) throws(APIError) {
        guard (1...scheduleManifestCount).contains(manifests.count) else {
            throw refusal(
                "manifests",
                "has \(manifests.count) manifests; a schedule submits 1 to \(scheduleManifestCount)"
            )
        }
    }

    /// An SSH key's comment: at most ``keyCommentLength`` characters, no control characters.
    static func checkKeyComment(_ comment: String?) throws(APIError) {
        guard let comment else { return }
        guard comment.count <= keyCommentLength, !hasControlCharacters(comment) else {
            throw refusal(
                "key",
                "has a comment of \(comment.count) characters or with control characters; "
                    + "the limit is \(keyCommentLength) printable characters"
            )
        }
    }

    static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { CharacterSet.controlCharacters.contains($0) }
    }
}
