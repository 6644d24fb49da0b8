import HckCore
import Store
import Wire

/// How to reach an SMTP server for email triggers.
public struct SMTPConfiguration: Sendable, Hashable {
    /// How the connection is protected.
    public enum Security: String, Sendable, Hashable, CaseIterable {
        /// Plain text (loopback or trusted networks only).
        case none
        /// Plain connection upgraded with STARTTLS before anything else is sent.
        case starttls
        /// TLS from the first byte (SMTPS).
        case tls

        /// The usual port for this mode.
        public var defaultPort: Int {
            switch self {
            case .none: 25
            case .starttls: 587
            case .tls: 465
            }
        }
    }

    /// A user and password for AUTH PLAIN.
    public struct Credentials: Sendable, Hashable {
        /// The user.
        public var user: String
        /// The password.
        public var password: String

        /// Creates credentials.
        /// - Parameters:
        ///   - user: the user.
        ///   - password: the password.
        public init(user: String, password: String) {
            self.user = user
            self.password = password
        }
    }

    /// The server's host name.
    public var host: String
    /// Its port.
    public var port: Int
    /// How the connection is protected.
    public var security: Security
    /// The envelope sender and From header.
    public var from: String
    /// AUTH PLAIN credentials, if the server needs them.
    public var credentials: Credentials?
    /// The longest a whole conversation may take.
    public var timeout: Duration = .seconds(30)
    /// Trust this PEM file's certificates instead of the system's (for private CAs and tests).
    public var trustRootsFile: String?

    /// Creates a configuration.
    /// - Parameters:
    ///   - host: the server.
    ///   - port: its port.
    ///   - security: none, starttls or tls.
    ///   - from: the sender.
    ///   - credentials: AUTH PLAIN credentials.
    ///   - trustRootsFile: a PEM file of trusted roots.
    public init(
        host: String,
        port: Int,
        security: Security,
        from: String,
        credentials: Credentials? = nil,
        trustRootsFile: String? = nil
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.from = from
        self.credentials = credentials
        self.trustRootsFile = trustRootsFile
    }
}
