package lkt

import (
	"errors"
	"slices"
	"strings"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The actor map's own data — ties, situations, perspectives — is kept in the
// community; package actormap analyses and draws it. These commands check
// their input with actormap's rules on the community's current map, so a map
// the community holds is always one actormap accepts.

// MaxTies, MaxSituations and MaxPerspectives bound the actor map's data.
const (
	MaxTies         = 2000
	MaxSituations   = 50
	MaxPerspectives = 200
)

// AddTie records a communication line between two members, or between a
// member and the patient (use the patient's id or actormap.PatientID):
// who talks to whom, through which channel, how often, and whether the line
// exists today or is to be established.
type AddTie struct {
	Tie actormap.Tie `json:"tie"`
}

func (AddTie) CommandName() string { return "AddTie" }
func (AddTie) policy() policy      { return policy{who: patientSideOrPr} }

func (cmd AddTie) apply(c *Community, ch change) (EventData, error) {
	t := cmd.Tie
	t.From, t.To = c.mapID(t.From), c.mapID(t.To)
	if len(c.s.Ties) >= MaxTies {
		return nil, precondition("too-many-ties", "the actor map has too many lines", "aktørkartet har for mange linjer",
			"aktørkartet har for mange linjer")
	}
	if slices.ContainsFunc(c.s.Ties, func(x actormap.Tie) bool { return sameTie(x, t) }) {
		return nil, &Error{Code: Conflict, Field: "tie", Rule: "tie-exists", Message: roles.Labels{
			EN: "this line is already on the map; remove it first to change it", NB: "denne linjen finnes allerede i kartet; fjern den først for å endre den",
			NN: "denne linja finst allereie i kartet; fjern henne først for å endre henne"}}
	}
	m := c.ActorMap(ch.now)
	m.Ties, m.Situations, m.Perspectives = []actormap.Tie{t}, nil, nil
	if err := mapErr(m.Validate(), "ties[0]", "tie"); err != nil {
		return nil, err
	}
	c.s.Ties = append(c.s.Ties, t)
	return TieAdded{Tie: t}, nil
}

// sameTie reports whether two ties are the same line: the same two ends,
// either way round, and the same channel.
func sameTie(a, b actormap.Tie) bool {
	same := (a.From == b.From && a.To == b.To) || (a.From == b.To && a.To == b.From)
	return same && a.Channel == b.Channel
}

// RemoveTie removes a communication line (both directions, that channel).
type RemoveTie struct {
	From    actormap.ActorID `json:"from" validate:"required,max=200"`
	To      actormap.ActorID `json:"to" validate:"required,max=200"`
	Channel actormap.Channel `json:"channel" validate:"required,max=40"`
}

func (RemoveTie) CommandName() string { return "RemoveTie" }
func (RemoveTie) policy() policy      { return policy{who: patientSideOrPr} }

func (cmd RemoveTie) apply(c *Community, ch change) (EventData, error) {
	t := actormap.Tie{From: c.mapID(cmd.From), To: c.mapID(cmd.To), Channel: cmd.Channel}
	i := slices.IndexFunc(c.s.Ties, func(x actormap.Tie) bool { return sameTie(x, t) })
	if i < 0 {
		return nil, notFound("from", nounLine, string(cmd.From)+"–"+string(cmd.To))
	}
	removed := c.s.Ties[i]
	c.s.Ties = slices.Delete(c.s.Ties, i, i+1)
	return TieRemoved{Tie: removed}, nil
}

// PlaceActors records where actors stand in a situation or phase — how
// close to the patient — replacing an earlier placement of the same name.
type PlaceActors struct {
	Situation actormap.Situation `json:"situation"`
}

func (PlaceActors) CommandName() string { return "PlaceActors" }
func (PlaceActors) policy() policy      { return policy{who: patientSideOrPr} }

func (cmd PlaceActors) apply(c *Community, ch change) (EventData, error) {
	sit := cmd.Situation
	for i := range sit.Placements {
		sit.Placements[i].Actor = c.mapID(sit.Placements[i].Actor)
	}
	i := slices.IndexFunc(c.s.Situations, func(x actormap.Situation) bool { return x.Name == sit.Name })
	if i < 0 && len(c.s.Situations) >= MaxSituations {
		return nil, precondition("too-many-situations", "the actor map has too many situations", "aktørkartet har for mange situasjoner",
			"aktørkartet har for mange situasjonar")
	}
	m := c.ActorMap(ch.now)
	m.Situations, m.Perspectives = []actormap.Situation{sit}, nil
	if err := mapErr(m.Validate(), "situations[0]", "situation"); err != nil {
		return nil, err
	}
	if i < 0 {
		c.s.Situations = append(c.s.Situations, sit)
	} else {
		c.s.Situations[i] = sit
	}
	return ActorsPlaced{Situation: sit}, nil
}

// RecordPerspective records the actor map as one member (or the patient)
// sees it — whom they know and whom they talk to — replacing that member's
// earlier perspective. Comparing perspectives shows who does not know whom.
type RecordPerspective struct {
	Perspective actormap.Perspective `json:"perspective"`
}

func (RecordPerspective) CommandName() string { return "RecordPerspective" }
func (RecordPerspective) policy() policy      { return policy{who: patientSideOrPr} }

func (cmd RecordPerspective) apply(c *Community, ch change) (EventData, error) {
	p := cmd.Perspective
	p.Owner = c.mapID(p.Owner)
	for i := range p.Known {
		p.Known[i].Actor = c.mapID(p.Known[i].Actor)
	}
	for i := range p.Ties {
		p.Ties[i].From, p.Ties[i].To = c.mapID(p.Ties[i].From), c.mapID(p.Ties[i].To)
	}
	if p.Owner == actormap.SharedView {
		return nil, invalid("perspective.owner", "a perspective belongs to a member", "et perspektiv tilhører et medlem",
			"eit perspektiv høyrer til eit medlem")
	}
	i := slices.IndexFunc(c.s.Perspectives, func(x actormap.Perspective) bool { return x.Owner == p.Owner })
	if i < 0 && len(c.s.Perspectives) >= MaxPerspectives {
		return nil, precondition("too-many-perspectives", "the actor map has too many perspectives", "aktørkartet har for mange perspektiver",
			"aktørkartet har for mange perspektiv")
	}
	m := c.ActorMap(ch.now)
	m.Situations, m.Perspectives = nil, []actormap.Perspective{p}
	if err := mapErr(m.Validate(), "perspectives[0]", "perspective"); err != nil {
		return nil, err
	}
	if i < 0 {
		c.s.Perspectives = append(c.s.Perspectives, p)
	} else {
		c.s.Perspectives[i] = p
	}
	return PerspectiveRecorded{Perspective: p}, nil
}

// mapID lets callers name the patient by the patient's own id.
func (c *Community) mapID(id actormap.ActorID) actormap.ActorID {
	if id == c.s.Patient.ID {
		return actormap.PatientID
	}
	return id
}

// mapErr renames the field of an actormap error from the map's terms to
// the command's ("ties[0].to" → "tie.to").
func mapErr(err error, from, to string) error {
	if err == nil {
		return nil
	}
	var e *actormap.Error
	if !errors.As(err, &e) {
		return WrapInternal(err)
	}
	out := *e
	out.Field = strings.Replace(e.Field, from, to, 1)
	return &out
}
