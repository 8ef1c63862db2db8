package accessmatrix

import "slices"

// Who is a kind of principal.
type Who string

// The kinds of principal the matrix asks as.
const (
	Patient        Who = "patient"
	Parent         Who = "parent"       // with parental responsibility; represents the patient under 16
	Relative       Who = "relative"     // next of kin, not representing
	Representative Who = "legal-rep"    // legal representative (guardian)
	Coordinator    Who = "coordinator"  // the coordinator and founder, a physiotherapist
	GP             Who = "gp"           // the GP, HPR-verified
	OtherHP        Who = "other-hp"     // an occupational therapist, HPR-verified
	School         Who = "school"       // the contact teacher: a member who is not health personnel
	OtherMember    Who = "other-member" // a member of another community only
	SystemRights   Who = "system"       // a system configured with every right
	SystemBare     Who = "system-bare"  // a system configured with none
	NoToken        Who = "no-token"
)

// Everyone is every kind of principal, in the order the matrix asks.
var Everyone = []Who{Patient, Parent, Relative, Representative, Coordinator, GP, OtherHP, School, OtherMember, SystemRights, SystemBare, NoToken}

// Consent is the state of consent in the community asked about.
type Consent string

// The consent states the matrix asks in.
const (
	Given     Consent = "given"     // the mother consented for her son of 15
	Withdrawn Consent = "withdrawn" // the mother withdrew it
	Renewal   Consent = "renewal"   // the son has turned 16: the parent's consent awaits his
)

// Consents are the states, in the order the matrix asks.
var Consents = []Consent{Given, Withdrawn, Renewal}

// Outcome is how an answer is classed.
type Outcome string

// The outcomes.
const (
	Allowed Outcome = "allowed"
	Denied  Outcome = "denied"
	Unauth  Outcome = "unauthenticated"
)

// Rule decides the outcome for a principal kind in a consent state.
type Rule func(w Who, c Consent) Outcome

// Row is one row of a matrix: a route, the rule in words, and the rule.
type Row struct {
	Route string
	Words string
	Rule  Rule
}

// Groups of principals, as the rules speak of them.
var (
	// PatientSide speaks for the patient: the patient, the legal
	// representative, and the parent while the patient is under 16.
	PatientSide = func(w Who, c Consent) bool {
		return w == Patient || w == Representative || (w == Parent && c != Renewal)
	}
	// Professionals are the professional members of the community.
	Professionals = []Who{Coordinator, GP, OtherHP, School}
	// Relatives do not speak for the patient: next of kin, and the
	// parent of a patient of 16 or more.
	Relatives = func(w Who, c Consent) bool { return w == Relative || (w == Parent && c == Renewal) }
	// Systems take part in communities: one configured with
	// act-in-communities; a system without it is no member of any.
	Systems = []Who{SystemRights}
	// Members are the community's members, of every kind.
	Members = func(w Who, c Consent) bool {
		return PatientSide(w, c) || Relatives(w, c) || slices.Contains(Professionals, w) || slices.Contains(Systems, w)
	}
	// HealthPersonnel are the members the authenticator verified as
	// health personnel (HPR).
	HealthPersonnel = []Who{Coordinator, GP, OtherHP}
)

// When builds a rule: allowed to those ok admits, denied to everyone else
// signed in.
func When(ok func(Who, Consent) bool) Rule {
	return func(w Who, c Consent) Outcome {
		switch {
		case w == NoToken:
			return Unauth
		case ok(w, c):
			return Allowed
		}
		return Denied
	}
}

// In admits the kinds ws.
func In(ws ...Who) func(Who, Consent) bool {
	return func(w Who, _ Consent) bool { return slices.Contains(ws, w) }
}

// Or admits whom any of fs admits.
func Or(fs ...func(Who, Consent) bool) func(Who, Consent) bool {
	return func(w Who, c Consent) bool {
		for _, f := range fs {
			if f(w, c) {
				return true
			}
		}
		return false
	}
}

// Sharing admits whom f admits only while consent lets members share
// (given, or awaiting renewal).
func Sharing(f func(Who, Consent) bool) func(Who, Consent) bool {
	return func(w Who, c Consent) bool { return c != Withdrawn && f(w, c) }
}

// Rules.
var (
	// Public: anyone, signed in or not, gets the same answer, whatever
	// it is (signing in with a bad token is refused alike).
	Public Rule = func(Who, Consent) Outcome { return Allowed }
	// SignedIn: anyone signed in; the answer holds only what is theirs.
	SignedIn Rule = func(w Who, _ Consent) Outcome {
		if w == NoToken {
			return Unauth
		}
		return Allowed
	}
	// ReadContent: the patient's side always reads their own community;
	// other members only while consent lets them share.
	ReadContent = When(Or(PatientSide, Sharing(Members)))
	// MemberCommand: a command of the patient's side, the professionals and
	// systems, while consent shares.
	MemberCommand = When(Sharing(Or(PatientSide, In(Professionals...), In(Systems...))))
	// AnyMemberCommand: as MemberCommand, relatives too.
	AnyMemberCommand = When(Sharing(Members))
	// RecordsOnBehalf: the patient's side acts in person; on another's word
	// only the coordinator or a system configured to record on behalf.
	RecordsOnBehalf = When(Or(PatientSide, In(Coordinator, SystemRights)))
	// ProfessionalCommand: professionals and systems, while consent shares.
	ProfessionalCommand = When(Sharing(In(append(slices.Clone(Professionals), Systems...)...)))
)
