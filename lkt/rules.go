package lkt

// Rule names of the framework's rules on activation, leaders, the
// coordinator and the hospital stays (issue 16). Each names one check,
// made in one place; errors and warnings carry it in their Rule field so
// that adapters and tests can tell them apart without reading messages.
const (
	// RuleCommunityActive: agreeing a plan, setting a phase and recording
	// hospital stays need an active community (the inclusion criteria of
	// report 8.3 met, the collaboration not paused).
	RuleCommunityActive = "community-active"
	// RuleActivationPreconditions names the refusal to activate or resume
	// a community that is not ready (see Community.Readiness).
	RuleActivationPreconditions = "activation-preconditions"
	// RuleMandatoryRoleVacant: one of the four mandatory roles has no holder.
	RuleMandatoryRoleVacant = "mandatory-role-vacant"
	// RuleMandatoryRoleUnavailable: a mandatory role's holder is on leave.
	RuleMandatoryRoleUnavailable = "mandatory-role-unavailable"
	// RuleMandatoryHolderLeaving: a mandatory role's holder leaves on a
	// date and no successor is named yet.
	RuleMandatoryHolderLeaving = "mandatory-holder-leaving"
	// RuleMandateNotAnchored: the coordinator's mandate is not anchored
	// with their line manager.
	RuleMandateNotAnchored = "mandate-not-anchored"
	// RuleInclusionIncomplete: an inclusion criterion of report 8.3 is not
	// recorded.
	RuleInclusionIncomplete = "inclusion-incomplete"
)

// Rules of consent (see ConsentState); each names one state, in the
// refusals, Readiness and Warnings alike.
const (
	// RuleConsentRequired: there is no active consent — never given, or
	// (in a refusal) withdrawn: nothing is shared or changed until it is.
	RuleConsentRequired = "consent-required"
	// RuleConsentWithdrawn: the latest consent was withdrawn.
	RuleConsentWithdrawn = "consent-withdrawn"
	// RuleConsentRenewal: the patient has turned 16 and must renew the
	// consent a parent gave; until then nothing new binds.
	RuleConsentRenewal = "consent-renewal"
)

// Risks on the actor map that reach every reader (Community.Warnings).
const (
	// RuleLifebuoy: a member is the only line between the patient's side
	// and someone else (report 6.2.3, "Tone er livbøyen min").
	RuleLifebuoy = "lifebuoy"
	// RuleActorUnknown: a member no line reaches from the patient or
	// relatives, directly or through others: nobody on the patient's side
	// knows them.
	RuleActorUnknown = "actor-unknown"
	// RuleNoLineToCoordinator: a mandatory-role holder has no line of
	// communication to the coordinator.
	RuleNoLineToCoordinator = "no-line-to-coordinator"
)

// RuleCoordinatorClose: the coordinator has no line to the patient or a
// representative and has held no meeting with them (report 7.1.3:
// "Koordinator må ha nær og god kontakt med pasient/bruker").
const RuleCoordinatorClose = "coordinator-close-to-patient"

// CoordinatorContactWithinDays is how long after being appointed the
// coordinator may go without a line to the patient's side or a meeting
// with them before it is warned of. The report asks for "nær og god
// kontakt" without a deadline and tells of coordinators appointed without
// knowing the child; two weeks is one round of the usual fortnightly
// meetings, as for filling a vacant role (FillRoleWithinDays).
const CoordinatorContactWithinDays = 14

// RuleLeaderAcceptanceMissing: a leader the plan names (plan.Leader) has
// not accepted it. The plan is "en nødvendig avtale mellom ledere i
// samarbeidende organisasjoner" (7.1.4), and "Lederne til de andre i
// aktørfelleskapet må også kjenne til og anerkjenne rollen" (7.1.3): naming
// a leader is not their agreement, their acceptance is. AgreePlan lists
// each leader still to accept in its refusal's Errors.
const RuleLeaderAcceptanceMissing = "leader-acceptance-missing"

// Rules of who may do what (see access.go) and of the community's
// lifecycle, which every adapter meets.
const (
	// RuleNotAMember: only the community's members, the patient and their
	// representatives read or change it (and only those signed in list or
	// find communities).
	RuleNotAMember = "not-a-member"
	// RuleStanding: the principal's standing in the community (patient,
	// relative, professional…) may not issue this command.
	RuleStanding = "standing"
	// RuleLifecycle: the community's status does not allow this change of
	// status (a closed community is never reopened).
	RuleLifecycle = "lifecycle"
	// RuleNoAgreedPlan: what needs the plan in force (the phase model,
	// the annual wheel, the written plan) waits until a plan is agreed.
	RuleNoAgreedPlan = "no-agreed-plan"
	// RuleStoryOwner: the patient's story is the patient's: only the
	// patient's side changes it, or a member records it on their behalf.
	RuleStoryOwner = "story-owner"
)

// RuleCommunityExists: a community with the id asked for exists already.
const RuleCommunityExists = "community-exists"

// RuleOwnAcceptance: a member's acceptance of the plan is that member's own
// act; nobody records it on their word (issue 15: "each party accepts for
// themselves"). Only the patient's and the line manager's are recorded on
// another's word, with evidence.
const RuleOwnAcceptance = "acceptance-own-act"
