package plan

import "time"

// EvidenceKind is what an act recorded on someone else's word rests on.
type EvidenceKind string

// Kinds of evidence.
const (
	// SignedForm: a form the person signed, kept where Reference says.
	SignedForm EvidenceKind = "signed-form"
	// DigitalConsent: the person's consent or word recorded in another
	// system (System), under Reference there.
	DigitalConsent EvidenceKind = "digital-consent"
	// Verbal: said aloud to the one recording it, before a named Witness.
	Verbal EvidenceKind = "verbal"
)

// Evidence is what an act recorded on someone else's word rests on — a
// consent, an acceptance of the plan, a story revision: its kind, its date,
// and a reference to where it can be found. It lives here, below package
// lkt, because an acceptance of a plan revision carries it; lkt.Evidence
// is the same type.
type Evidence struct {
	Kind EvidenceKind `json:"kind" validate:"required,oneof=signed-form digital-consent verbal"`
	// Date is when the person signed, consented or spoke.
	Date time.Time `json:"date" validate:"required"`
	// Reference says where the evidence is kept: an archive number, the
	// other system's id of the consent, a journal note.
	Reference string `json:"reference" validate:"required,max=200"`
	// System names the other system a digital consent was given in.
	System string `json:"system,omitempty" validate:"required_if=Kind digital-consent,max=200"`
	// Witness names who heard a verbal consent besides the recorder.
	Witness string `json:"witness,omitempty" validate:"required_if=Kind verbal,max=200"`
}
