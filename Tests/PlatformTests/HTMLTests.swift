import XCTest
import Foundation
@testable import Platform

/// The view builder escapes every value for its context, by construction.
final class HTMLTests: XCTestCase {
    static let hostile = #"x" onfocus="alert(1)"#

    func testTextIsEscaped() {
        let node = paragraph { "<script>alert(1)</script> & &amp; \(Self.hostile)" }
        XCTAssertEqual(node.render(), #"<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &amp;amp; x" onfocus="alert(1)</p>"#)
    }

    func testAttributeValuesAreEscaped() {
        let node = inputTag(.name("familyName"), .value(Self.hostile))
        XCTAssertEqual(node.render(), #"<input name="familyName" value="x&quot; onfocus=&quot;alert(1)">"#)
        let single = inputTag(.value("O'Brien <b>&"))
        XCTAssertEqual(single.render(), #"<input value="O&#39;Brien &lt;b&gt;&amp;">"#)
    }

    func testLinksComeOnlyFromDeclaredURLs() {
        let id = UUID(uuidString: "8F1E5A0C-3B7D-4C2A-9E61-0D4B2F7A1C55")!
        let node = anchor(.href(Link(.person(.value(id)), query: [("q", "a&b \"c\"")]))) { "Karim" }
        XCTAssertEqual(node.render(), #"<a href="/personen/8F1E5A0C-3B7D-4C2A-9E61-0D4B2F7A1C55?q=a%26b%20%22c%22">Karim</a>"#)
    }

    func testRightToLeftAndBidiControlsAreIsolated() {
        XCTAssertEqual(paragraph { "Karim Al-Rina" }.render(), "<p>Karim Al-Rina</p>")
        XCTAssertEqual(paragraph { "كريم" }.render(), "<p><bdi>كريم</bdi></p>")
        XCTAssertEqual(paragraph { "Eve\u{202E}gnirts" }.render(), "<p><bdi>Eve\u{202E}gnirts</bdi></p>")
        XCTAssertEqual(Bidi.isolated("Tesfay"), "Tesfay")
        XCTAssertEqual(Bidi.isolated("\u{202E}1975"), "\u{2068}\u{202E}1975\u{2069}")
    }

    func testBuilderConditionsAndLoops() {
        let names = ["A", "B"]
        let node = ul {
            for name in names { li { name } }
            if names.isEmpty { li { "leer" } } else { li(.class("total")) { "2" } }
        }
        XCTAssertEqual(node.render(), #"<ul><li>A</li><li>B</li><li class="total">2</li></ul>"#)
    }

    func testFormFieldCarriesLabelMessageAndDescription() {
        let node = textField(FieldSpec(id: "street", label: "Strasse", error: "Pflichtfeld"), value: "<x>")
        XCTAssertEqual(node.render(), #"<div class="field has-error"><label for="street">Strasse</label><p class="field-error" id="street-error">Pflichtfeld</p><input id="street" name="street" value="&lt;x&gt;" aria-invalid="true" aria-describedby="street-error"></div>"#)
    }
}
