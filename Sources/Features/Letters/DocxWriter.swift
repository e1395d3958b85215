import Foundation
import Platform
import ZIPFoundation

/// A minimal WordprocessingML document of one filled letter, for the municipality to edit in Word.
enum DocxWriter {
    /// XML text: the five special characters escaped, and characters XML 1.0 forbids (C0 controls other
    /// than tab and line breaks, stray surrogates, U+FFFE/U+FFFF) left out, so the document always opens.
    static func escape(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x26: output += "&amp;"
            case 0x3C: output += "&lt;"
            case 0x3E: output += "&gt;"
            case 0x22: output += "&quot;"
            case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: output.unicodeScalars.append(scalar)
            default: continue
            }
        }
        return output
    }

    static func paragraph(_ text: String, bold: Bool = false, rightToLeft: Bool = false) -> String {
        let props = rightToLeft ? "<w:pPr><w:bidi/></w:pPr>" : ""
        let runProps = (bold ? "<w:b/>" : "") + (rightToLeft ? "<w:rtl/>" : "")
        let run = "<w:r>\(runProps.isEmpty ? "" : "<w:rPr>\(runProps)</w:rPr>")<w:t xml:space=\"preserve\">\(escape(text))</w:t></w:r>"
        return "<w:p>\(props)\(run)</w:p>"
    }

    static func document(_ sheet: LetterSheet) -> String {
        var body: [String] = sheet.senderLines.map { paragraph($0, bold: true) }
        if !sheet.contact.isEmpty { body.append(paragraph(sheet.contact)) }
        body.append(paragraph(""))
        if !sheet.isForm {
            body += sheet.addressLines.map { paragraph($0) }
            body.append(paragraph(""))
            body.append(paragraph(sheet.placeDate))
        }
        for text in sheet.texts {
            let rtl = text.language.isRightToLeft
            body.append(paragraph(""))
            if !text.subject.isEmpty { body.append(paragraph(text.subject, bold: true, rightToLeft: rtl)) }
            if !text.salutation.isEmpty { body.append(paragraph(text.salutation, rightToLeft: rtl)) }
            body += text.paragraphs.map { paragraph($0, rightToLeft: rtl) }
            body += text.rows.map { paragraph("\($0.label): \($0.value)", rightToLeft: rtl) }
            if !text.closing.isEmpty { body.append(paragraph(text.closing, rightToLeft: rtl)) }
            if let confirmation = text.confirmation { body.append(paragraph(confirmation, rightToLeft: rtl)) }
            // A form's foot: one line to write on per signature.
            body += ([text.placeDateLabel].compactMap { $0 } + text.signatureLabels).map {
                paragraph("\($0): ______________________________", rightToLeft: rtl)
            }
        }
        body.append(paragraph(""))
        if !sheet.isForm { body += sheet.signature.map { paragraph($0) } }
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\(body.joined())<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1418" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr></w:body></w:document>
        """
    }

    static let contentTypes = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
    """

    static let relationships = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
    """

    static func make(_ sheet: LetterSheet) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in [("[Content_Types].xml", contentTypes), ("_rels/.rels", relationships), ("word/document.xml", document(sheet))] {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw AppError.renderingFailed }
        return data
    }
}
