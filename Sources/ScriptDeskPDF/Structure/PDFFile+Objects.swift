extension PDFFile {
    /// The object `reference` names; `null` when nothing defines it (as the format says).
    func object(_ reference: PDFReference) throws(PDFCheckFailure) -> PDFObject {
        if let cached = cache[reference.number] { return cached }
        let object: PDFObject
        switch entries[reference.number] {
        case nil:
            object = .null
        case .offset(let offset, _):
            var scanner = PDFScanner(bytes, at: offset)
            do {
                _ = try scanner.objectHeader()
                object = try scanner.object()
            } catch {
                throw .objectDamaged("object \(reference.number): \(error)")
            }
        case .compressed(let stream, let index):
            object = try compressedObject(reference.number, in: stream, index: index)
        }
        cache[reference.number] = object
        return object
    }

    /// `object` with references followed to what they name.
    func resolve(_ object: PDFObject?) throws(PDFCheckFailure) -> PDFObject {
        var current = object ?? .null
        for _ in 0..<16 {
            guard case .reference(let reference) = current else { return current }
            current = try self.object(reference)
        }
        throw .objectDamaged("references chain more than 16 deep")
    }

    /// The stream object `reference` names.
    func stream(_ reference: PDFReference) throws(PDFCheckFailure) -> PDFStream {
        guard case .offset(let offset, _) = entries[reference.number] else {
            throw .objectDamaged("object \(reference.number) should be a stream but is not in the file's body")
        }
        var stream = try streamAt(offset: offset, expected: reference)
        stream.reference = reference
        return stream
    }

    /// The stream whose object header is at `offset`: its dictionary, and its data located by
    /// `/Length` and confirmed by the `endstream` that must follow.
    func streamAt(offset: Int, expected: PDFReference?) throws(PDFCheckFailure) -> PDFStream {
        var scanner = PDFScanner(bytes, at: offset)
        let header: PDFReference
        let dictionary: [String: PDFObject]
        do {
            header = try scanner.objectHeader()
            guard let parsed = try scanner.object().dictionary else { throw PDFSyntaxError(offset: offset, reason: "not a dictionary") }
            dictionary = parsed
        } catch {
            throw .objectDamaged("the stream at byte \(offset): \(error)")
        }
        let name = "object \(expected?.number ?? header.number)"
        guard scanner.expect("stream") else { throw .objectDamaged("\(name) is not a stream") }
        if scanner.peek() == 13 { scanner.position += 1 }
        if scanner.peek() == 10 { scanner.position += 1 }
        let start = scanner.position
        // A cross-reference stream's length must be direct: nothing else can be found yet.
        let lengthObject = expected == nil ? dictionary["Length"] : try resolve(dictionary["Length"])
        // Compared by subtraction: a hostile length must not overflow.
        guard let length = lengthObject?.integer, length >= 0, length <= bytes.count - start else {
            throw .objectDamaged("\(name)'s /Length is missing or runs past the end of the file")
        }
        var tail = PDFScanner(bytes, at: start + length)
        guard tail.expect("endstream") else { throw .objectDamaged("\(name)'s /Length does not end where its data does") }
        return PDFStream(
            reference: header,
            dictionary: dictionary,
            data: UnsafeRawBufferPointer(rebasing: bytes[start..<start + length])
        )
    }

    /// A stream's data with its Flate filter (and PNG predictor) undone, within `limit` bytes.
    /// Other filters are not decoded here.
    func decoded(_ stream: PDFStream, limit: Int) throws(PDFCheckFailure) -> [UInt8] {
        let filters = stream.filters
        guard !filters.isEmpty else { return Array(stream.data.prefix(limit)) }
        guard filters == ["FlateDecode"] else {
            throw .objectDamaged("object \(stream.reference.number) uses \(filters.joined(separator: ", ")), which is not decoded here")
        }
        let inflated: [UInt8]
        do throws(Inflater.Failure) {
            inflated = try Inflater.inflate(stream.data, limit: limit)
        } catch {
            switch error {
            case .tooLarge(let limit): throw .streamTooLarge("object \(stream.reference.number) inflates to more than \(limit >> 10) KB")
            case .damaged(let detail): throw .objectDamaged("object \(stream.reference.number)'s compressed data is damaged (\(detail))")
            }
        }
        let parameters = try resolve(stream.dictionary["DecodeParms"]).dictionary ?? [:]
        let predictor = parameters["Predictor"]?.integer ?? 1
        guard predictor >= 10 else { return inflated }
        let columns = parameters["Columns"]?.integer ?? 1
        let colours = parameters["Colors"]?.integer ?? 1
        let bits = parameters["BitsPerComponent"]?.integer ?? 8
        guard (1...100_000).contains(columns), (1...32).contains(colours), [1, 2, 4, 8, 16].contains(bits),
            let rows = PNGPredictor.decode(inflated, rowLength: (columns * colours * bits + 7) / 8, bytesPerPixel: max(1, colours * bits / 8))
        else { throw .objectDamaged("object \(stream.reference.number)'s predictor data is malformed") }
        return rows
    }

    private func compressedObject(_ number: Int, in streamNumber: Int, index: Int) throws(PDFCheckFailure) -> PDFObject {
        if let objects = objectStreams[streamNumber] { return objects[number] ?? .null }
        let stream = try stream(PDFReference(number: streamNumber, generation: 0))
        guard stream.dictionary["Type"]?.name == "ObjStm", let count = stream.dictionary["N"]?.integer,
            let first = stream.dictionary["First"]?.integer, (0...100_000).contains(count), first >= 0
        else { throw .objectDamaged("object stream \(streamNumber) is malformed") }
        let data = try decoded(stream, limit: Self.maximumStructureStream)
        var objects: [Int: PDFObject] = [:]
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            Result { () throws(PDFCheckFailure) in
                var header = PDFScanner(buffer, at: 0)
                for _ in 0..<count {
                    guard let object = header.word().flatMap({ Int($0) }), let offset = header.word().flatMap({ Int($0) }),
                        offset >= 0, first < buffer.count, offset < buffer.count - first
                    else { throw .objectDamaged("object stream \(streamNumber)'s index is malformed") }
                    var scanner = PDFScanner(buffer, at: first + offset)
                    do {
                        objects[object] = try scanner.object()
                    } catch {
                        throw .objectDamaged("object \(object) in object stream \(streamNumber): \(error)")
                    }
                }
            }
        }.get()
        objectStreams[streamNumber] = objects
        return objects[number] ?? .null
    }
}
