import Domain
import Platform

/// One person block of the personal data sheet form: in the registration (several, named
/// `persons[i][field]`) and in the edit form (one, named `field`).
struct PersonFieldsView {
    let input: PersonInput
    let index: Int
    let errors: FieldMessages
    let removable: Bool
    /// "persons[0]" in the registration, "" when one person is edited.
    let namePrefix: String
    let reference: ReferenceData

    var idPrefix: String { "p\(index)-" }

    func name(_ field: String) -> String { namePrefix.isEmpty ? field : "\(namePrefix)[\(field)]" }

    func spec(_ field: String, _ t: Localizer, labelKey: String? = nil, hint: String? = nil) -> FieldSpec {
        FieldSpec(id: idPrefix + field, name: name(field), label: t(labelKey ?? "persons.field.\(field)"), hint: hint,
                  error: errors[field])
    }

    func render(_ t: Localizer) -> Node {
        let legendName = [input.givenName, input.familyName].compactMap { $0 }.joined(separator: " ")
        return fieldset(.class("person-block"), .id(idPrefix + "block")) {
            legend {
                "\(t("registration.person")) \(index + 1)"
                if !(input.familyName ?? "").isEmpty { " – \(legendName)" }
            }
            div(.class("grid-2")) {
                textField(spec("familyName", t), value: input.familyName ?? "", .autocomplete("off"))
                textField(spec("givenName", t), value: input.givenName ?? "", .autocomplete("off"))
                selectField(spec("sex", t), options: SelectOption.of(Sex.self, "sex", chosen: input.sex, texts: t),
                            placeholder: t("form.pleaseChoose"))
                textField(spec("birthDate", t), value: input.birthDate ?? "", type: .date, .min("1900-01-01"))
                selectField(spec("nationality", t),
                            options: reference.countries.all.map {
                                SelectOption(value: $0.iso2, label: $0.nameGerman, selected: $0.iso2 == input.nationality?.uppercased())
                            },
                            placeholder: t("form.pleaseChoose"))
                selectField(spec("motherTongue", t),
                            options: reference.languages.all.map {
                                SelectOption(value: $0.code, label: $0.nameGerman, selected: $0.code == input.motherTongue)
                            },
                            placeholder: t("form.unknown"))
                otherLanguages(t)
                selectField(spec("germanLevel", t), options: SelectOption.of(GermanLevel.self, "german", chosen: input.germanLevel, texts: t),
                            placeholder: t("form.unknown"))
                textField(spec("entryDate", t), value: input.entryDate ?? "", type: .date)
                textField(spec("moveInDate", t), value: input.moveInDate ?? "", type: .date)
                selectField(spec("permit", t), options: SelectOption.of(ResidencePermit.self, "permit", chosen: input.permit, texts: t),
                            placeholder: t("form.unknown"))
                selectField(spec("asylumStatus", t),
                            options: SelectOption.of(AsylumStatus.self, "asylum", chosen: input.asylumStatus ?? AsylumStatus.none.rawValue,
                                                     texts: t))
                textField(spec("phone", t), value: input.phone ?? "", type: .tel, .autocomplete("off"))
                textField(spec("email", t), value: input.email ?? "", type: .email, .autocomplete("off"))
            }
            checkboxField(FieldSpec(id: idPrefix + "socialAssistance", name: name("socialAssistance"),
                                    label: t("registration.socialAssistance")),
                          checked: input.socialAssistance != nil)
            textAreaField(spec("focusNote", t), value: input.focusNote ?? "", rows: 2, maxLength: 2000)
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
                    button(.type(.submit), .name("action"), .value("removePerson:\(index)"), .class("button")) {
                        t("registration.removePerson")
                    }
                }
            }
        }
    }

    /// Further languages: a select of several (without JavaScript).
    func otherLanguages(_ t: Localizer) -> Node {
        let chosen = Set(input.otherLanguages ?? [])
        let field = spec("otherLanguages", t, hint: t("registration.multiHint"))
        return div(.class(errors["otherLanguages"] == nil ? "field" : "field has-error")) {
            label(.for(field.id)) { field.label }
            if let error = field.error { paragraph(.class("field-error"), .id(field.id + "-error")) { error } }
            select(.id(field.id), .name(name("otherLanguages") + "[]"), .multiple, .size(4),
                   .ariaDescribedBy(field.id + "-hint" + (field.error == nil ? "" : " " + field.id + "-error"))) {
                optionList(reference.languages.all.map {
                    SelectOption(value: $0.code, label: $0.nameGerman, selected: chosen.contains($0.code))
                })
            }
            paragraph(.class("hint"), .id(field.id + "-hint")) { t("registration.multiHint") }
        }
    }
}
