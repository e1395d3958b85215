import Fluent

/// Every migration, in order. A new area appends its own.
package enum AllMigrations {
    package static var list: [any Migration] {
        [CreateOrganisation(), CreateAccounts(), CreateAuditTrail(), CreatePersons(), CreateInformieren(), CreateLetters(),
         AddWorkStagesAndIndexes(), AddHardening(), AddSoundKeys(), AddEverydayUse(), CreatePromotion(), AddLookupIndexes(),
         CompactAuditRecordIndex(), IndexOpenReviews(), AddAuditRecordBacklog(), IndexMisaInbox(), DropAuditEntryRecordIndex(),
         AddAuditRecordSets()]
    }
}
