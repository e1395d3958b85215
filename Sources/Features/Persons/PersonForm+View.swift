import Domain
import Platform

/// One person block of the personal data sheet form: in the registration (several, named
/// `persons[i][field]`) and in the edit form (one, named `field`). Optional fields say so.
struct PersonFieldsView {
    let input: PersonInput
    let index: Int
    let errors: FieldMessages
    let removable: Bool
    /// "persons[0]" in the registration, "" when one person is edited.
    let namePrefix: String
    let reference: ReferenceData
    /// The block just added: the cursor goes to its first empty field.
    var focus: Bool = false
    /// Further persons of a registration say how they relate to the first.
    var asksRelationship: Bool = false

    /// The languages offered as checkboxes; any other is typed by name.
    static let commonLanguages = ["deu", "fra", "ita", "eng", "ara", "fas", "prs", "pus", "kmr", "tir", "som", "tam", "ukr", "rus",
                                  "tur", "sqi", "por", "spa", "bos", "hrv", "srp"]

    /// The list of every language for the searchable fields (once per page).
    static let languageListID = "language-list"

    var idPrefix: String { "p\(index)-" }

    func name(_ field: String) -> String { namePrefix.isEmpty ? field : "\(namePrefix)[\(field)]" }

    func spec(_ field: String, _ t: Localizer, labelKey: String? = nil, hint: String? = nil, optional: Bool = false) -> FieldSpec {
        FieldSpec(id: idPrefix + field, name: name(field), label: t(labelKey ?? "persons.field.\(field)"), hint: hint,
                  error: errors[field], note: optional ? t("form.optional") : nil)
    }

    func render(_ t: Localizer) -> Node {
        let legendName = [input.givenName, input.familyName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        let focusGiven = focus && (input.givenName ?? "").isEmpty
        return fieldset(.class("person-block"), .id(idPrefix + "block"), Attribute("data-index", String(index))) {
            legend {
                "\(t("registration.person")) \(index + 1)"
                if !legendName.isEmpty { " – \(legendName)" }
            }
            div(.class("grid-2")) {
                textField(spec("familyName", t), value: input.familyName ?? "", .autocomplete("off"), .when(focus && !focusGiven, .autofocus))
                textField(spec("givenName", t), value: input.givenName ?? "", .autocomplete("off"), .when(focusGiven, .autofocus))
                selectField(spec("sex", t), options: SelectOption.of(Sex.self, "sex", chosen: input.sex, texts: t),
                            placeholder: t("form.pleaseChoose"))
                textField(spec("birthDate", t), value: input.birthDate ?? "", type: .date, .min("1900-01-01"))
            }
            if asksRelationship {
                choiceGroup(id: idPrefix + "relationship", name: name("relationship"), legend: t("persons.field.relationship"),
                            options: SelectOption.of(Relationship.self, "relationship", chosen: input.relationship, texts: t),
                            error: errors["relationship"], inline: true)
            }
            div(.class("grid-2")) {
                selectField(spec("nationality", t),
                            options: reference.countries.all.map {
                                SelectOption(value: $0.iso2, label: $0.nameGerman, selected: $0.iso2 == input.nationality?.uppercased())
                            },
                            placeholder: t("form.pleaseChoose"))
                textField(spec("motherTongue", t, hint: t("registration.languageSearchHint"), optional: true),
                          value: shownLanguage(input.motherTongue), .list(Self.languageListID), .autocomplete("off"))
                statusFields(t)
                textField(spec("moveInDate", t), value: input.moveInDate ?? "", type: .date)
                textField(spec("entryDate", t, optional: true), value: input.entryDate ?? "", type: .date)
                selectField(spec("germanLevel", t, optional: true),
                            options: SelectOption.of(GermanLevel.self, "german", chosen: input.germanLevel, texts: t),
                            placeholder: t("form.unknown"))
                textField(spec("phone", t, optional: true), value: input.phone ?? "", type: .tel, .autocomplete("off"))
                textField(spec("email", t, optional: true), value: input.email ?? "", type: .email, .autocomplete("off"))
            }
            otherLanguages(t)
            checkboxField(FieldSpec(id: idPrefix + "socialAssistance", name: name("socialAssistance"),
                                    label: t("registration.socialAssistance")),
                          checked: input.socialAssistance != nil)
            textAreaField(spec("focusNote", t, optional: true), value: input.focusNote ?? "", rows: 2, maxLength: 2000)
            if let derived = PersonForm.derivedTargetGroup(input, texts: t) {
                paragraph(.class("derived"), .id(idPrefix + "derived")) {
                    strong { t("registration.derived") }
                    " \(derived)"
                }
            }
            details(.class("override"), .when(errors["targetGroupOverrideReason"] != nil, .open)) {
                summary { t("registration.override") }
                div(.class("grid-2")) {
                    selectField(spec("targetGroupOverride", t, labelKey: "registration.overrideGroup"),
                                options: SelectOption.of(TargetGroup.self, "targetGroup", chosen: input.targetGroupOverride, texts: t),
                                placeholder: t("registration.noOverride"))
                    textField(spec("targetGroupOverrideReason", t, labelKey: "registration.overrideReason"),
                              value: input.targetGroupOverrideReason ?? "", .maxlength(500))
                }
            }
            if removable {
                paragraph {
                    button(.type(.submit), .name("action"), .value("removePerson:\(index)"), .class("button remove-person")) {
                        t("registration.removePerson")
                    }
                }
            }
        }
    }

    /// A code is shown by its German name; what was typed stays as typed.
    func shownLanguage(_ value: String?) -> String {
        guard let value, !value.isEmpty else { return "" }
        return reference.languages.contains(value) ? reference.languages.name(value) : value
    }

    /// «Ausländerausweis / Status» as one question; a stored pair without a combined choice keeps its two fields.
    func statusFields(_ t: Localizer) -> Node {
        if input.needsSeparateStatus {
            return .fragment([
                selectField(spec("permit", t), options: SelectOption.of(ResidencePermit.self, "permit", chosen: input.permit, texts: t),
                            placeholder: t("form.unknown")),
                selectField(spec("asylumStatus", t),
                            options: SelectOption.of(AsylumStatus.self, "asylum", chosen: input.asylumStatus ?? AsylumStatus.none.rawValue,
                                                     texts: t)),
            ])
        }
        var field = spec("status", t, labelKey: "persons.field.status", hint: t("registration.statusHint"))
        field.error = errors["status"] ?? errors["permit"] ?? errors["asylumStatus"]
        return selectField(field, options: SelectOption.of(ResidenceStatus.self, "status", chosen: input.residenceStatus?.rawValue, texts: t),
                           placeholder: t("form.unknown"))
    }

    /// Further languages: the common ones as checkboxes, any other typed by name (searchable).
    func otherLanguages(_ t: Localizer) -> Node {
        let chosen = Set(input.otherLanguages ?? [])
        let languages = reference.languages
        let common = GermanCollation.sorted(Self.commonLanguages.filter(languages.contains), by: languages.name)
        let rest = (input.otherLanguages ?? []).filter { !Self.commonLanguages.contains($0) }.map(languages.name)
        let typed = [input.otherLanguagesMore ?? ""].filter { !$0.isEmpty }
        let open = !chosen.isEmpty || errors["otherLanguages"] != nil || errors["otherLanguagesMore"] != nil || !typed.isEmpty
        return details(.class("more-languages"), .when(open, .open)) {
            summary { "\(t("persons.field.otherLanguages")) \(t("form.optional"))" }
            choiceGroup(id: idPrefix + "otherLanguages", name: name("otherLanguages") + "[]", legend: t("registration.commonLanguages"),
                        options: common.map { SelectOption(value: $0, label: languages.name($0), selected: chosen.contains($0)) },
                        multiple: true, error: errors["otherLanguages"], columns: true)
            textField(spec("otherLanguagesMore", t, labelKey: "registration.moreLanguages", hint: t("registration.moreLanguagesHint")),
                      value: (rest + typed).joined(separator: ", "), .list(Self.languageListID), .autocomplete("off"))
        }
    }

    /// The searchable list of languages by German name, for the fields that name one.
    static func languageList(_ reference: ReferenceData) -> Node {
        Node.element("datalist", [.id(languageListID)], [forEach(reference.languages.all) { language in
            option(.value(language.nameGerman)) { "" }
        }])
    }
}
