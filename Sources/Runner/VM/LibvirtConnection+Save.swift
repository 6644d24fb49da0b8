import CLibvirt

extension LibvirtConnection {
    /// Saves a running domain's memory and device state to a file and stops it (`virDomainSaveFlags`;
    /// a restore resumes it running).
    /// - Parameters:
    ///   - name: the domain's name.
    ///   - file: the save file to write.
    func saveDomain(named name: String, to file: String) async throws {
        try await call { connection in
            guard let domain = virDomainLookupByName(connection, name) else {
                throw LibvirtError.last("virDomainLookupByName(\(name))")
            }
            defer { virDomainFree(domain) }
            guard virDomainSaveFlags(domain, file, nil, VIR_DOMAIN_SAVE_RUNNING.rawValue) == 0 else {
                throw LibvirtError.last("virDomainSaveFlags(\(name), \(file))")
            }
        }
    }

    /// Starts the domain a save file holds, as the XML in its header says (`virDomainRestoreFlags`).
    /// - Parameter file: the save file.
    func restoreDomain(from file: String) async throws {
        try await call { connection in
            guard virDomainRestoreFlags(connection, file, nil, VIR_DOMAIN_SAVE_RUNNING.rawValue) == 0 else {
                throw LibvirtError.last("virDomainRestoreFlags(\(file))")
            }
        }
    }
}
