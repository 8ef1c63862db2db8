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
	// ByNextOfKin marks a next of kin's contribution, written while the
	// community works on a § 4-6 decision: their words, not the patient's.
	ByNextOfKin bool      `json:"byNextOfKin,omitempty"`
	RecordedAt  time.Time `json:"recordedAt"`
}

// Story returns every revision of the patient's story, oldest first.
func (c *Community) Story() []StoryRevision {
	out := make([]StoryRevision, len(c.s.Story))
	for i, r := range c.s.Story {
		r.Challenges = slices.Clone(r.Challenges)
		out[i] = r
	}
	return out
}

// CurrentStory returns the latest revision of the story.
func (c *Community) CurrentStory() (StoryRevision, bool) {
	if len(c.s.Story) == 0 {
		return StoryRevision{}, false
	}
	r := c.s.Story[len(c.s.Story)-1]
	r.Challenges = slices.Clone(r.Challenges)
	return r, true
}

// ReviseStory adds a revision of the patient's story. The patient or a
// representative writes it; a member may record it on the patient's behalf,
// and must then say so (OnBehalf) and whose words it holds (ToldBy).
type ReviseStory struct {
	GoodDay      string   `json:"goodDay,omitempty" validate:"text"`
	LessGoodDays string   `json:"lessGoodDays,omitempty" validate:"text"`
	LifeBefore   string   `json:"lifeBefore,omitempty" validate:"text"`
	LifeNow      string   `json:"lifeNow,omitempty" validate:"text"`
	Challenges   []string `json:"challenges,omitempty" validate:"max=50,dive,required,max=2000"`
	OnBehalf     bool     `json:"onBehalf,omitempty"`
	// ToldBy is required when OnBehalf: the patient's or a representative's id.
	ToldBy actormap.ActorID `json:"toldBy,omitempty" validate:"required_if=OnBehalf true,max=200"`
}

func (ReviseStory) CommandName() string { return "ReviseStory" }
func (ReviseStory) policy() policy {
	// A system never speaks for the patient, not even on their behalf.
	// Next of kin only while a § 4-6 decision is in force (apply).
	return policy{who: []Standing{AsPatient, AsRepresentative, AsProfessional, AsRelative}}
}

func (cmd ReviseStory) apply(c *Community, ch change) (EventData, error) {
	if strings.TrimSpace(cmd.GoodDay+cmd.LessGoodDays+cmd.LifeBefore+cmd.LifeNow) == "" && len(cmd.Challenges) == 0 {
		return nil, invalid("goodDay", "the story is empty: write at least one part", "fortellingen er tom: skriv minst én del")
	}
	rev := StoryRevision{
		No: len(c.s.Story) + 1, GoodDay: cmd.GoodDay, LessGoodDays: cmd.LessGoodDays,
		LifeBefore: cmd.LifeBefore, LifeNow: cmd.LifeNow, Challenges: slices.Clone(cmd.Challenges),
		AuthoredBy: ch.by, RecordedAt: ch.now,
	}
	switch {
	case ch.standing.patientSide():
		// The owner writes; a representative's words are theirs too.
		if cmd.OnBehalf {
			return nil, invalid("onBehalf", "the patient and their representatives write the story themselves",
				"pasienten og pasientens representanter skriver fortellingen selv")
		}
	case ch.standing == AsRelative:
		if c.ConsentState(ch.now) != CareDecided || cmd.OnBehalf {
			return nil, forbidden(RuleStoryByNextOfKin,
				"the story belongs to the patient: next of kin contribute to it, in their own name, only while the community works on a § 4-6 decision",
				"fortellingen eies av pasienten: pårørende bidrar til den, i eget navn, bare mens fellesskapet arbeider på en beslutning etter § 4-6")
		}
		rev.ByNextOfKin = true
	case !cmd.OnBehalf:
		return nil, forbidden("story-owner",
			"the story belongs to the patient: only the patient or a representative changes it; a member may record it on the patient's behalf, marked as such",
			"fortellingen eies av pasienten: bare pasienten eller en representant endrer den; et medlem kan registrere den på pasientens vegne, merket som det")
	default:
		if cmd.ToldBy != c.s.Patient.ID {
			m, ok := c.Member(cmd.ToldBy)
			if !ok || !c.represents(m, ch.now) {
				return nil, invalid("toldBy", "must be the patient or a representative", "må være pasienten eller en representant")
			}
		}
		rev.OnBehalf, rev.ToldBy = true, cmd.ToldBy
	}
	c.s.Story = append(c.s.Story, rev)
	return StoryRevised{Revision: rev}, nil
}
