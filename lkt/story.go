package lkt

import (
	"slices"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
)

// StoryRevision is one version of element A, "my good day and challenges":
// the patient's own story. It is a living document owned by the patient;
// every revision is kept and none is ever overwritten.
type StoryRevision struct {
	No           int    `json:"no"`
	GoodDay      string `json:"goodDay,omitempty"`      // what makes a good day
	LessGoodDays string `json:"lessGoodDays,omitempty"` // what makes the less good days
	LifeBefore   string `json:"lifeBefore,omitempty"`   // life before
	LifeNow      string `json:"lifeNow,omitempty"`      // life now
	// Challenges are the challenges the patient names, in their words.
	Challenges []string  `json:"challenges,omitempty"`
	AuthoredBy Principal `json:"authoredBy"`
	// OnBehalf marks a revision recorded by a member on the patient's
	// behalf rather than written by the patient or a representative.
	OnBehalf bool `json:"onBehalf"`
	// ToldBy is whose words a revision recorded on behalf holds.
	ToldBy actormap.ActorID `json:"toldBy,omitempty"`
	// Evidence is what a revision recorded on behalf rests on.
	Evidence *Evidence `json:"evidence,omitempty"`
	// Pending marks a revision recorded on behalf that the patient or a
	// representative has not yet confirmed (ConfirmStory): it is kept and
	// shown as awaiting confirmation, but it is not the current story.
	Pending bool `json:"pending,omitempty"`
	// ConfirmedBy and ConfirmedAt say who on the patient's side confirmed
	// a revision recorded on behalf, and when.
	ConfirmedBy actormap.ActorID `json:"confirmedBy,omitempty"`
	ConfirmedAt *time.Time       `json:"confirmedAt,omitempty"`
	// ByNextOfKin marks a next of kin's contribution, written while the
	// community works on a § 4-6 decision: their words, not the patient's.
	ByNextOfKin bool      `json:"byNextOfKin,omitempty"`
	RecordedAt  time.Time `json:"recordedAt"`
}

// Story returns every revision of the patient's story, oldest first,
// those awaiting confirmation marked Pending.
func (c *Community) Story() []StoryRevision {
	out := make([]StoryRevision, len(c.s.Story))
	for i, r := range c.s.Story {
		out[i] = r.clone()
	}
	return out
}

func (r StoryRevision) clone() StoryRevision {
	r.Challenges = slices.Clone(r.Challenges)
	r.Evidence, r.ConfirmedAt = clonePtr(r.Evidence), clonePtr(r.ConfirmedAt)
	return r
}

// CurrentStory returns the latest revision of the story that is the
// patient's: written by their side, or recorded on their behalf and
// confirmed. A revision awaiting confirmation is not it (see
// StoryAwaitingConfirmation).
func (c *Community) CurrentStory() (StoryRevision, bool) {
	for i := len(c.s.Story) - 1; i >= 0; i-- {
		if !c.s.Story[i].Pending {
			return c.s.Story[i].clone(), true
		}
	}
	return StoryRevision{}, false
}

// StoryAwaitingConfirmation returns the revisions recorded on the
// patient's behalf, newer than the current story, that await the patient's
// side's confirmation.
func (c *Community) StoryAwaitingConfirmation() []StoryRevision {
	var out []StoryRevision
	cur, _ := c.CurrentStory()
	for _, r := range c.s.Story {
		if r.Pending && r.No > cur.No {
			out = append(out, r.clone())
		}
	}
	return out
}

// ReviseStory adds a revision of the patient's story. The patient or a
// representative writes it. On their word only the coordinator (the
// founder before one is appointed) or a system configured with
// RightRecordOnBehalf records it, saying so (OnBehalf), whose words it
// holds (ToldBy) and the Evidence; such a revision is pending until the
// patient or a representative confirms it (ConfirmStory).
type ReviseStory struct {
	GoodDay      string   `json:"goodDay,omitempty" validate:"text"`
	LessGoodDays string   `json:"lessGoodDays,omitempty" validate:"text"`
	LifeBefore   string   `json:"lifeBefore,omitempty" validate:"text"`
	LifeNow      string   `json:"lifeNow,omitempty" validate:"text"`
	Challenges   []string `json:"challenges,omitempty" validate:"max=50,dive,required,max=2000"`
	OnBehalf     bool     `json:"onBehalf,omitempty"`
	// ToldBy is required when OnBehalf: the patient's or a representative's id.
	ToldBy actormap.ActorID `json:"toldBy,omitempty" validate:"required_if=OnBehalf true,max=200"`
	// Evidence is what a revision recorded on behalf rests on.
	Evidence *Evidence `json:"evidence,omitempty"`
}

func (ReviseStory) CommandName() string { return "ReviseStory" }
func (ReviseStory) policy() policy {
	// A system only on the patient's word, if configured for it; next of
	// kin only while a § 4-6 decision is in force (apply).
	return policy{who: []Standing{AsPatient, AsRepresentative, AsProfessional, AsRelative, AsSystem}}
}

func (cmd ReviseStory) apply(c *Community, ch change) (EventData, error) {
	if strings.TrimSpace(cmd.GoodDay+cmd.LessGoodDays+cmd.LifeBefore+cmd.LifeNow) == "" && len(cmd.Challenges) == 0 {
		return nil, invalid("goodDay", "the story is empty: write at least one part", "fortellingen er tom: skriv minst én del",
			"forteljinga er tom: skriv minst éin del")
	}
	rev := StoryRevision{
		No: len(c.s.Story) + 1, GoodDay: cmd.GoodDay, LessGoodDays: cmd.LessGoodDays,
		LifeBefore: cmd.LifeBefore, LifeNow: cmd.LifeNow, Challenges: slices.Clone(cmd.Challenges),
		AuthoredBy: ch.by, RecordedAt: ch.now,
	}
	switch {
	case ch.standing.patientSide():
		// The owner writes; a representative's words are theirs too.
		if cmd.Evidence != nil {
			return nil, newErr(Invalid, "evidence", RuleEvidenceRequired, "is given only when recording on another person's word",
				"oppgis bare når noe registreres på andres vegne",
				"blir berre oppgitt når noko blir registrert på vegner av andre")
		}
		if cmd.OnBehalf {
			return nil, invalid("onBehalf", "the patient and their representatives write the story themselves",
				"pasienten og pasientens representanter skriver fortellingen selv",
				"pasienten og representantane til pasienten skriv forteljinga sjølve")
		}
	case ch.standing == AsRelative:
		if c.ConsentState(ch.now) != CareDecided || cmd.OnBehalf {
			return nil, forbidden(RuleStoryByNextOfKin,
				"the story belongs to the patient: next of kin contribute to it, in their own name, only while the community works on a § 4-6 decision",
				"fortellingen eies av pasienten: pårørende bidrar til den, i eget navn, bare mens fellesskapet arbeider på en beslutning etter § 4-6",
				"forteljinga er eigd av pasienten: pårørande bidreg til henne, i eige namn, berre medan fellesskapet arbeider på ei avgjerd etter § 4-6")
		}
		rev.ByNextOfKin = true
	case !cmd.OnBehalf:
		return nil, forbidden(RuleStoryOwner,
			"the story belongs to the patient: only the patient or a representative changes it; a member may record it on the patient's behalf, marked as such",
			"fortellingen eies av pasienten: bare pasienten eller en representant endrer den; et medlem kan registrere den på pasientens vegne, merket som det",
			"forteljinga er eigd av pasienten: berre pasienten eller ein representant endrar henne; eit medlem kan registrere henne på vegner av pasienten, merkt som det")
	default:
		ob, err := c.onBehalf(ch, cmd.ToldBy, cmd.Evidence)
		if err != nil {
			return nil, err
		}
		if cmd.ToldBy != c.s.Patient.ID {
			m, ok := c.Member(cmd.ToldBy)
			if !ok || !c.represents(m, ch.now) {
				return nil, invalid("toldBy", "must be the patient or a representative", "må være pasienten eller en representant",
					"må vere pasienten eller ein representant")
			}
		}
		e := ob.Evidence
		rev.OnBehalf, rev.ToldBy, rev.Evidence, rev.Pending = true, cmd.ToldBy, &e, true
	}
	c.s.Story = append(c.s.Story, rev)
	return StoryRevised{Revision: rev}, nil
}

// ConfirmStory confirms a revision of the story recorded on the patient's
// behalf: the patient or a representative reads it and says these are the
// patient's words. Until then it is kept but is not the current story
// (RuleStoryConfirmed).
type ConfirmStory struct {
	Revision int `json:"revision" validate:"required,min=1"`
}

func (ConfirmStory) CommandName() string { return "ConfirmStory" }
func (ConfirmStory) policy() policy {
	return policy{who: []Standing{AsPatient, AsRepresentative}}
}

func (cmd ConfirmStory) apply(c *Community, ch change) (EventData, error) {
	if cmd.Revision > len(c.s.Story) {
		return nil, notFound("revision", nounStoryRevision, cmd.Revision)
	}
	r := &c.s.Story[cmd.Revision-1]
	if !r.Pending {
		return nil, newErr(PreconditionFailed, "revision", RuleStoryConfirmed, "this revision awaits no confirmation: it was written by the patient's side or is already confirmed",
			"denne versjonen venter ikke på bekreftelse: den er skrevet av pasientens side eller allerede bekreftet",
			"denne versjonen ventar ikkje på stadfesting: han er skriven av pasientsida eller allereie stadfesta")
	}
	now := ch.now
	r.Pending, r.ConfirmedBy, r.ConfirmedAt = false, ch.by.ID, &now
	return StoryConfirmed{Revision: r.No, ConfirmedBy: ch.by.ID}, nil
}

// StoryConfirmed: the patient's side confirmed a revision recorded on their
// behalf.
type StoryConfirmed struct {
	Revision    int              `json:"revision"`
	ConfirmedBy actormap.ActorID `json:"confirmedBy"`
}

func (StoryConfirmed) EventType() string { return "StoryConfirmed" }

func init() { RegisterEvent[StoryConfirmed]() }
