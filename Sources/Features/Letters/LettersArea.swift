import Domain
import Platform
import Vapor

/// Letters and forms in the person's language: print view, PDF, DOCX, batches, the canton's master
/// texts and the municipality's letterhead.
package struct LettersArea: Area {
    package init() {}

    package func registerRoutes(open: any RoutesBuilder, loggedIn: any RoutesBuilder) {
        let clerks = loggedIn.requiring(.editPersons)
        clerks.get(.personLetters(.key), use: LetterRoutes.chooser)
        clerks.get(.personLetterView(.key), use: LetterRoutes.printView)
        // Making a letter records it on the timeline: a state change, so POST with the form token (ASVS 3.5.3).
        clerks.post(.personLetterPrint(.key), use: LetterRoutes.recordPrint)
        clerks.post(.personLetterPDF(.key), use: LetterRoutes.pdf)
        clerks.post(.personLetterDOCX(.key), use: LetterRoutes.docx)
        let officers = loggedIn.requiring(.workOnCases)
        officers.get(.letterBatch, use: LetterBatchRoutes.form)
        officers.post(.letterBatch, use: LetterBatchRoutes.pdf)
        let canton = loggedIn.requiring(.editLetterTemplates)
        canton.get(.letterTemplates, use: LetterTemplateRoutes.list)
        canton.get(.letterTemplate(kind: .key, language: .key), use: LetterTemplateRoutes.edit)
        canton.post(.letterTemplate(kind: .key, language: .key), use: LetterTemplateRoutes.save)
        let letterheads = loggedIn.requiring(.editLetterhead)
        letterheads.get(.letterhead, use: LetterheadRoutes.edit)
        letterheads.post(.letterhead, body: .collect(maxSize: "1mb"), use: LetterheadRoutes.save)
        loggedIn.requiring(.useCantonServices).get(.dokumente, use: DocumentsOverview.show)
    }

    package var navigation: [NavigationEntry] {
        [
            NavigationEntry(textKey: "nav.dokumente", url: .dokumente, permission: .useCantonServices, order: 70,
                            alsoCurrentFor: [.letterBatch, .letterhead]),
            NavigationEntry(textKey: "nav.letterTemplates", url: .letterTemplates, permission: .editLetterTemplates, order: 95),
        ]
    }

    package var timeline: [any TimelineSource] { [LetterTimeline()] }

    package var personActions: [PersonAction] {
        [PersonAction(textKey: "persons.action.letter", permission: .editPersons) { person, _ in Link(.personLetters(.value(person))) }]
    }
}

/// The landing page of "Dokumente & Bestellungen".
enum DocumentsOverview {
    static func show(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let t = req.texts
        var links: [(String, Link)] = []
        if user.has(.workOnCases) { links.append((t("nav.batchLetters"), Link(.letterBatch))) }
        if user.has(.editLetterhead) { links.append((t("nav.letterhead"), Link(.letterhead))) }
        return req.render(AreaOverview(area: "dokumente", links: links).page(req.viewContext))
    }
}

extension LettersArea {
    /// The conversation form as PDF, for the deficit report's attachment (registered by App).
    package var conversationForms: any ConversationFormRenderer { ConversationFormPDF() }
}
