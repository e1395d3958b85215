/// The HTML elements the views use. Each takes attributes (nil ones are left out) and, where HTML
/// allows it, content built with `NodeBuilder`.

package typealias Content = () -> Node

private func element(_ name: StaticString, _ attributes: [Attribute?], _ content: Content) -> Node {
    .tag(name, attributes, content())
}

private func none() -> Node { .empty }

package func html(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("html", a, c) }
package func head(@NodeBuilder content c: Content) -> Node { element("head", [], c) }
package func body(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("body", a, c) }
package func title(_ value: String) -> Node { .tag("title", [], .text(value)) }
package func meta(_ a: Attribute?...) -> Node { .void("meta", a) }
package func linkElement(_ a: Attribute?...) -> Node { .void("link", a) }
package func script(_ a: Attribute?...) -> Node { .tag("script", a, .empty) }

package func header(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("header", a, c) }
package func footer(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("footer", a, c) }
package func nav(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("nav", a, c) }
package func mainElement(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("main", a, c) }
package func section(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("section", a, c) }
package func article(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("article", a, c) }
package func aside(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("aside", a, c) }
package func div(_ a: Attribute?..., @NodeBuilder content c: Content = none) -> Node { element("div", a, c) }
package func span(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("span", a, c) }
package func h1(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("h1", a, c) }
package func h2(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("h2", a, c) }
package func h3(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("h3", a, c) }
package func h4(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("h4", a, c) }
package func paragraph(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("p", a, c) }
package func strong(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("strong", a, c) }
package func em(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("em", a, c) }
package func small(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("small", a, c) }
package func code(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("code", a, c) }
package func pre(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("pre", a, c) }
package func blockquote(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("blockquote", a, c) }
package func bdi(@NodeBuilder content c: Content) -> Node { element("bdi", [], c) }
package func lineBreak() -> Node { .void("br", []) }
package func horizontalRule(_ a: Attribute?...) -> Node { .void("hr", a) }
package func anchor(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("a", a, c) }
package func img(_ a: Attribute?...) -> Node { .void("img", a) }
package func timeElement(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("time", a, c) }

package func ul(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("ul", a, c) }
package func ol(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("ol", a, c) }
package func li(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("li", a, c) }
package func dl(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("dl", a, c) }
package func dt(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("dt", a, c) }
package func dd(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("dd", a, c) }

package func table(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("table", a, c) }
package func caption(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("caption", a, c) }
package func thead(@NodeBuilder content c: Content) -> Node { element("thead", [], c) }
package func tbody(@NodeBuilder content c: Content) -> Node { element("tbody", [], c) }
package func tr(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("tr", a, c) }
package func th(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("th", a, c) }
package func td(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("td", a, c) }

package func form(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("form", a, c) }
package func fieldset(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("fieldset", a, c) }
package func legend(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("legend", a, c) }
package func label(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("label", a, c) }
package func inputTag(_ a: Attribute?...) -> Node { .void("input", a) }
package func textarea(_ a: Attribute?..., value: String) -> Node { .tag("textarea", a, .text(value)) }
package func select(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("select", a, c) }
package func option(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("option", a, c) }
package func optgroup(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("optgroup", a, c) }
package func datalist(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("datalist", a, c) }
package func button(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("button", a, c) }
package func details(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("details", a, c) }
package func summary(_ a: Attribute?..., @NodeBuilder content c: Content) -> Node { element("summary", a, c) }
