import Domain
import Fluent
import Foundation
import Persistence
import Vapor

/// Loads the canton's master texts (Resources/Letters/<kind>/<language>.json) into an empty
/// template table; afterwards the canton keeps them in the UI.
package enum LetterSeed {
    struct File: Decodable {
        struct Salutation: Decodable { let female: String; let male: String; let other: String }
        let kind: String
        let language: String
        let languageName: String
        let direction: String
        let reviewStatus: String
        let subject: String
        let salutation: Salutation
        let body: String
        let closing: String
        let labels: [String: String]?
    }

    package static func loadIfEmpty(_ app: Application) async throws {
        guard try await LetterTemplate.query(on: app.db).count() == 0 else { return }
        let root = URL(fileURLWithPath: app.directory.resourcesDirectory + "Letters")
        var templates: [LetterTemplate] = []
        for kind in LetterKind.allCases {
            for language in LetterLanguage.allCases {
                let url = root.appendingPathComponent(kind.rawValue).appendingPathComponent("\(language.rawValue).json")
                guard let data = try? Data(contentsOf: url) else { continue }
                let file = try JSONDecoder().decode(File.self, from: data)
                guard file.kind == kind.rawValue, file.language == language.rawValue,
                      LetterTemplateRules.problems(in: [file.subject, file.body, file.salutation.female, file.salutation.male,
                                                        file.salutation.other, file.closing].joined(separator: "\n")).isEmpty else {
                    throw CommandFailure("Resources/Letters/\(kind.rawValue)/\(language.rawValue).json: ungültiger Brieftext")
                }
                let template = LetterTemplate()
                template.kind = kind
                template.language = language
                template.version = 1
                template.isCurrent = true
                template.languageName = file.languageName
                template.subject = file.subject
                template.salutationFemale = file.salutation.female
                template.salutationMale = file.salutation.male
                template.salutationOther = file.salutation.other
                template.body = file.body
                template.closing = file.closing
                template.labelTexts = file.labels ?? [:]
                template.reviewStatus = ReviewStatus(rawValue: file.reviewStatus) ?? .draft
                templates.append(template)
            }
        }
        try await templates.create(on: app.db)
    }
}
