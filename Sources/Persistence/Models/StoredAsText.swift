import Domain

/// The enums the models store, read from their text without a Codable round (DirectSQLite).
extension AppointmentStatus: StoredAsText {}
extension AsylumStatus: StoredAsText {}
extension Attendance: StoredAsText {}
extension ContactChannel: StoredAsText {}
extension ConversationFormat: StoredAsText {}
extension ConversationGuide: StoredAsText {}
extension ConversationKind: StoredAsText {}
extension ConversationType: StoredAsText {}
extension DocumentConsent: StoredAsText {}
extension FolderLanguage: StoredAsText {}
extension FolderStatus: StoredAsText {}
extension FordernStep: StoredAsText {}
extension GermanLevel: StoredAsText {}
extension GoalStatus: StoredAsText {}
extension InformierenStage: StoredAsText {}
extension IntegrationTheme: StoredAsText {}
extension InterpreterChannel: StoredAsText {}
extension InterpreterStatus: StoredAsText {}
extension LetterFormat: StoredAsText {}
extension LetterKind: StoredAsText {}
extension LetterLanguage: StoredAsText {}
extension MeasureResponsible: StoredAsText {}
extension MeasureStatus: StoredAsText {}
extension MisaDecision: StoredAsText {}
extension OfferLevel: StoredAsText {}
extension PersonSource: StoredAsText {}
extension Relationship: StoredAsText {}
extension ReportStatus: StoredAsText {}
extension ResidencePermit: StoredAsText {}
extension ReviewOutcome: StoredAsText {}
extension ReviewStatus: StoredAsText {}
extension Role: StoredAsText {}
extension Sex: StoredAsText {}
extension SignatureState: StoredAsText {}
extension StructureKind: StoredAsText {}
extension TargetGroup: StoredAsText {}
extension Triage: StoredAsText {}
extension TriggerSource: StoredAsText {}
extension UnitKind: StoredAsText {}

/// Stored as `yyyy-mm-dd`, its Codable form.
extension CalendarDate: StoredAsText {
    package init?(storedText: String) { self.init(parsing: storedText) }
    package var storedText: String { description }
}
