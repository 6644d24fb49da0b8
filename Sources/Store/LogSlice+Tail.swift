public import Foundation
import Wire

extension LogSlice {
    /// Keeps only the last `maxBytes` of the slice, counting the newlines dropped. A store's tail is
    /// made of whole chunks, and a chunk can be large (a runner may send megabytes at once): this
    /// trims the first one, in memory.
    /// - Parameter maxBytes: how much of the end to keep (0 or less: everything).
    mutating func keepLast(_ maxBytes: Int) {
        guard maxBytes > 0, data.count > maxBytes else { return }
        let dropped = data.prefix(data.count - maxBytes)
        linesBefore += LogAppend.newlines(in: Data(dropped))
        offset += dropped.count
        startsLine = dropped.last == 0x0A
        data = Data(data.suffix(maxBytes))
    }

    /// The slice from its first whole line on: that line's offset in the log, its number, and the
    /// bytes from there (a tail that starts mid-line drops the part line).
    public var fromFirstWholeLine: (offset: Int, number: Int, data: Data.SubSequence) {
        var data = self.data[...]
        var number = linesBefore + 1
        var offset = self.offset
        if !startsLine, let newline = data.firstIndex(of: 0x0A) {
            offset += newline + 1 - data.startIndex
            data = data[(newline + 1)...]
            number += 1
        }
        return (offset, number, data)
    }
}
