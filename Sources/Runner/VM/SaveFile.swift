import Foundation
import HckCore

/// The header of libvirt's QEMU save file (`virDomainSave`), which holds the saved domain's XML.
///
/// The file begins with `LibvirtQemudSave`, then little-endian 32-bit fields: version (2),
/// data length, was running, compressed, the cookie's offset in the data, and 14 unused. The data
/// that follows is the domain XML (NUL-ended), libvirt's cookie (NUL-ended) and zeros; QEMU's
/// migration stream comes after it. libvirt pads the data so that the XML can be changed in place.
///
/// Why hck rewrites it: a restore with a replacement XML (`virDomainRestoreFlags`' `dxml`, or
/// `virDomainSaveImageDefineXML`) must keep the saved domain's name, UUID and generation ID, so one
/// saved state could run only one VM at a time, and every restore would share the saved UUID and
/// vmgenid. The XML in the header is what a restore without `dxml` starts, unchecked.
enum SaveFile {
    static let magic = Array("LibvirtQemudSave".utf8)
    /// The magic and 19 32-bit fields.
    static let headerSize = 92

    /// The domain XML saved in a save file.
    /// - Parameter file: a save file.
    static func domainXML(in file: URL) throws -> String {
        try read(file).xml
    }

    /// Replaces the domain XML of a save file in place (the header and the data, not QEMU's stream).
    /// - Parameters:
    ///   - file: a save file.
    ///   - transform: the new XML from the saved one.
    /// - Throws: ``VMError`` (`savedState`) when the file is not a save file hck can change, or
    ///   the new XML does not fit in the space libvirt left.
    static func replaceDomainXML(in file: URL, with transform: (String) throws -> String) throws {
        let contents = try read(file)
        let xml = Array(try transform(contents.xml).utf8) + [0]
        var data = xml + contents.cookie + [0]
        guard data.count <= contents.dataLength else {
            throw VMError(.savedState, "\(file.path): the new domain XML does not fit in the save file's header")
        }
        data += [UInt8](repeating: 0, count: contents.dataLength - data.count)
        var header = contents.header
        withUnsafeBytes(of: UInt32(xml.count).littleEndian) { header.replaceSubrange(32..<36, with: $0) }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.seek(toOffset: 0)
        try handle.write(contentsOf: header + data)
        try handle.synchronize()
    }

    private struct Contents {
        var header: [UInt8]
        var dataLength: Int
        var xml: String
        var cookie: [UInt8]
    }

    private static func read(_ file: URL) throws -> Contents {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        let header = [UInt8](try handle.read(upToCount: headerSize) ?? Data())
        guard header.count == headerSize, Array(header.prefix(magic.count)) == magic else {
            throw VMError(.savedState, "\(file.path) is not a libvirt save file")
        }
        func field(_ index: Int) -> Int {
            let offset = magic.count + 4 * index
            return header[offset..<offset + 4].reversed().reduce(0) { $0 << 8 | Int($1) }
        }
        let (version, dataLength, compressed, cookieOffset) = (field(0), field(1), field(3), field(4))
        guard version == 2, compressed == 0, cookieOffset > 0, cookieOffset <= dataLength,
            dataLength < 16 << 20
        else {
            throw VMError(
                .savedState,
                "\(file.path): a save file of version \(version), compression \(compressed): hck reads version 2, uncompressed"
            )
        }
        let data = [UInt8](try handle.read(upToCount: dataLength) ?? Data())
        guard data.count == dataLength else { throw VMError(.savedState, "\(file.path) is cut short") }
        let xml = data[..<cookieOffset].prefix { $0 != 0 }
        let cookie = data[cookieOffset...].prefix { $0 != 0 }
        return Contents(
            header: header,
            dataLength: dataLength,
            xml: String(decoding: xml, as: UTF8.self),
            cookie: Array(cookie)
        )
    }
}
