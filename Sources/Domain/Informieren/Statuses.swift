/// The stored states of Informieren's records. Raw values are stored: never rename them.

public enum AppointmentStatus: String, CaseIterable, Codable, Sendable {
    case planned, held, missed, cancelled
}

public enum Attendance: String, CaseIterable, Codable, Sendable {
    case expected, present, absent
}

public enum ConversationKind: String, CaseIterable, Codable, Sendable {
    case firstInformation = "first_information"
    case integration
    case followUp = "follow_up"
}

public enum InterpreterChannel: String, CaseIterable, Codable, Sendable {
    case heksLinguadukt = "heks_linguadukt"
    case municipalStaff = "municipal_staff"
}

public enum InterpreterStatus: String, CaseIterable, Codable, Sendable {
    case requested, confirmed, cancelled
}

/// Whether the welcome folder was handed over, sent, or not yet.
public enum FolderStatus: String, CaseIterable, Codable, Sendable {
    case notYet = "not_yet"
    case handedOver = "handed_over"
    case sent

    public var needsDate: Bool { self != .notYet }
}

/// The languages the welcome folder exists in (the register sheet in more; "other" = another language).
public enum FolderLanguage: String, CaseIterable, Codable, Sendable {
    case de, fr, it, en, other
}

/// Where a person's record came from.
public enum PersonSource: String, CaseIterable, Codable, Sendable {
    case manual, ech0020, csv, synthetic
}

/// Where a person stands in first information; kept on the person so that every work list is an
/// index range, not a scan of the municipality's persons.
public enum InformierenStage: String, CaseIterable, Codable, Sendable {
    case outOfScope = "out_of_scope"
    case closed
    case toTriage = "to_triage"
    /// Written first information: the welcome folder is all.
    case written
    case toPlan = "to_plan"
    case planned
    case held
    /// Absent from a conversation and not planned again.
    case missed

    /// The facts the stage follows from.
    public struct Facts: Sendable {
        public var inScope: Bool
        public var closed: Bool
        public var triage: Triage?
        /// Appointments the person takes part in (cancelled ones left out), with the attendance.
        public var participations: [(date: CalendarDate, status: AppointmentStatus, attendance: Attendance)]

        public init(inScope: Bool, closed: Bool, triage: Triage?,
                    participations: [(date: CalendarDate, status: AppointmentStatus, attendance: Attendance)]) {
            self.inScope = inScope
            self.closed = closed
            self.triage = triage
            self.participations = participations
        }
    }

    public static func derive(_ facts: Facts) -> InformierenStage {
        if facts.closed { return .closed }
        if facts.participations.contains(where: { $0.attendance == .present && ($0.status == .held) }) { return .held }
        if facts.participations.contains(where: { $0.status == .planned }) { return .planned }
        if facts.participations.contains(where: { $0.attendance == .absent }) { return .missed }
        if !facts.inScope { return .outOfScope }
        switch facts.triage {
        case nil: return .toTriage
        case .written?: return .written
        case .oral?: return .toPlan
        }
    }
}
