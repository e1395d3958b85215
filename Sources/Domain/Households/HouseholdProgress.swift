/// The household's way through first information as a task list (GOV.UK "task list" pattern):
/// registered → triaged → conversation planned → invitation sent → interpreter ordered →
/// conversation held → signatures complete. Each step is done, to do, not possible yet, or not needed.
public enum HouseholdStep: String, CaseIterable, Sendable {
    case registered
    case triaged
    case planned
    case invitationSent = "invitation_sent"
    case interpreterOrdered = "interpreter_ordered"
    case held
    case signaturesComplete = "signatures_complete"
}

public enum StepState: String, Sendable {
    case done
    /// Can be done now; the first of these is the household's next step.
    case toDo = "to_do"
    /// Waits for an earlier step.
    case notYet = "not_yet"
    case notNeeded = "not_needed"
    /// Done, but not as hoped (nobody came): planned again from here.
    case missed
}

public struct HouseholdProgress: Sendable {
    /// The household's first-information appointment that counts: the latest one not cancelled.
    public struct AppointmentFacts: Sendable {
        public var date: CalendarDate
        public var status: AppointmentStatus
        public var heldOn: CalendarDate?
        public var interpreterNeeded: Bool
        public var invitationDone: Bool
        public var invitationOn: CalendarDate?
        public var interpreterOrdered: Bool
        public var interpreterOrderedOn: CalendarDate?

        public init(date: CalendarDate, status: AppointmentStatus, heldOn: CalendarDate?, interpreterNeeded: Bool,
                    invitationDone: Bool, invitationOn: CalendarDate?, interpreterOrdered: Bool, interpreterOrderedOn: CalendarDate?) {
            self.date = date
            self.status = status
            self.heldOn = heldOn
            self.interpreterNeeded = interpreterNeeded
            self.invitationDone = invitationDone
            self.invitationOn = invitationOn
            self.interpreterOrdered = interpreterOrdered
            self.interpreterOrderedOn = interpreterOrderedOn
        }
    }

    public struct Facts: Sendable {
        public var registeredOn: CalendarDate
        public var triage: Triage?
        public var triagedOn: CalendarDate?
        public var appointment: AppointmentFacts?
        /// Signatures the held conversation needs, and how many are there.
        public var signaturesRequired: Int
        public var signaturesGiven: Int
        public var lastSignatureOn: CalendarDate?

        public init(registeredOn: CalendarDate, triage: Triage?, triagedOn: CalendarDate?, appointment: AppointmentFacts?,
                    signaturesRequired: Int, signaturesGiven: Int, lastSignatureOn: CalendarDate?) {
            self.registeredOn = registeredOn
            self.triage = triage
            self.triagedOn = triagedOn
            self.appointment = appointment
            self.signaturesRequired = signaturesRequired
            self.signaturesGiven = signaturesGiven
            self.lastSignatureOn = lastSignatureOn
        }
    }

    public struct Item: Sendable, Equatable {
        public let step: HouseholdStep
        public let state: StepState
        public let date: CalendarDate?
    }

    public let items: [Item]

    /// The first step that can be done now.
    public var next: Item? { items.first { $0.state == .toDo || $0.state == .missed } }

    public init(_ facts: Facts) {
        var items = [Item(step: .registered, state: .done, date: facts.registeredOn)]
        func add(_ step: HouseholdStep, _ state: StepState, _ date: CalendarDate? = nil) {
            items.append(Item(step: step, state: state, date: date))
        }
        switch facts.triage {
        case nil: add(.triaged, .toDo)
        case .some: add(.triaged, .done, facts.triagedOn)
        }
        // Written first information: the folder is all, no conversation follows.
        if facts.triage == .written {
            for step in [HouseholdStep.planned, .invitationSent, .interpreterOrdered, .held, .signaturesComplete] {
                add(step, .notNeeded)
            }
            self.items = items
            return
        }
        let oral = facts.triage == .oral
        guard let appointment = facts.appointment else {
            add(.planned, oral ? .toDo : .notYet)
            for step in [HouseholdStep.invitationSent, .interpreterOrdered, .held, .signaturesComplete] { add(step, .notYet) }
            self.items = items
            return
        }
        let planned = appointment.status == .planned
        let held = appointment.status == .held
        add(.planned, .done, appointment.date)
        if appointment.invitationDone {
            add(.invitationSent, .done, appointment.invitationOn)
        } else {
            // After the conversation an invitation is history, not a task.
            add(.invitationSent, planned ? .toDo : .notNeeded)
        }
        if !appointment.interpreterNeeded {
            add(.interpreterOrdered, .notNeeded)
        } else if appointment.interpreterOrdered {
            add(.interpreterOrdered, .done, appointment.interpreterOrderedOn)
        } else {
            add(.interpreterOrdered, planned ? .toDo : .notNeeded)
        }
        switch appointment.status {
        case .held: add(.held, .done, appointment.heldOn ?? appointment.date)
        case .missed: add(.held, .missed, appointment.heldOn ?? appointment.date)
        case .planned, .cancelled: add(.held, .toDo)
        }
        if !held {
            add(.signaturesComplete, .notYet)
        } else if facts.signaturesRequired == 0 {
            add(.signaturesComplete, .notNeeded)
        } else if facts.signaturesGiven >= facts.signaturesRequired {
            add(.signaturesComplete, .done, facts.lastSignatureOn)
        } else {
            add(.signaturesComplete, .toDo)
        }
        self.items = items
    }
}
