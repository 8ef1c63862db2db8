package actormap

import (
	"fmt"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Proximity is an actor's closeness to the patient in a situation, on a small
// fixed scale of rings (report 7.1.2, "nærhet og tetthet", figs. 18–19).
type Proximity int

// The four rings, closest first.
const (
	Closest    Proximity = 1 // daily, in the patient's life (family, assistants in the home)
	Close      Proximity = 2 // regular, involved in the present situation
	Occasional Proximity = 3 // now and then
	Distant    Proximity = 4 // at the edge, rarely in touch
)

// Rings is the number of proximity rings.
const Rings = 4

// Valid reports whether p is on the scale.
func (p Proximity) Valid() bool { return p >= Closest && p <= Distant }

var proximityLabels = [Rings + 1]roles.Labels{
	{},
	{EN: "closest", NB: "nærmest", NN: "nærast"},
	{EN: "close", NB: "nær", NN: "nær"},
	{EN: "occasional", NB: "av og til", NN: "av og til"},
	{EN: "distant", NB: "fjern", NN: "fjern"},
}

// Label names the ring in lang.
func (p Proximity) Label(lang roles.Lang) string {
	if !p.Valid() {
		return fmt.Sprint(int(p))
	}
	return proximityLabels[p].In(lang)
}

// Placement puts one actor on a ring.
type Placement struct {
	Actor     ActorID   `json:"actor"`
	Proximity Proximity `json:"proximity"`
}

// Situation is a named phase or situation ("everyday", "admission", "red
// phase", "after the operation") with its own placement of the actors. Actors
// listed in Absent take no part in the situation (the school during an
// admission); a scenario that enters the situation treats them as away.
type Situation struct {
	Name       string      `json:"name"`
	Placements []Placement `json:"placements,omitempty"`
	Absent     []ActorID   `json:"absent,omitempty"`
}

// Situation returns the situation called name.
func (m Map) Situation(name string) (Situation, bool) {
	for _, s := range m.Situations {
		if s.Name == name {
			return s, true
		}
	}
	return Situation{}, false
}

// ProximityOf returns where actor a stands in situation s. Actors the
// situation does not place get a default: relatives and people working in the
// home closest, actors with a tie to the patient close, the rest occasional.
func (m Map) ProximityOf(s Situation, a Actor) Proximity {
	for _, p := range s.Placements {
		if p.Actor == a.ID {
			return p.Proximity
		}
	}
	return m.defaultProximity(a)
}

func (m Map) defaultProximity(a Actor) Proximity {
	if r, ok := roles.Lookup(a.Role); ok && r.Kind == roles.KindRelative || a.WorksInHome {
		return Closest
	}
	for _, t := range m.Ties {
		if !t.Planned && t.Joins(a.ID) && t.Joins(PatientID) {
			return Close
		}
	}
	return Occasional
}

// Density says how many actors stand close to the patient in a situation.
type Density struct {
	Situation string     `json:"situation"`
	Rings     [Rings]int `json:"rings"` // actors per ring, closest first
	Close     int        `json:"close"` // actors on the two inner rings
	Total     int        `json:"total"`
}

// Density counts the members (everyone who has not left and is not absent
// from the situation) per ring in the named situation; "" is the default
// placement. An unknown situation is invalid.
func (m Map) Density(situation string) (Density, error) {
	s, err := m.lookupSituation(situation, "situation")
	if err != nil {
		return Density{}, err
	}
	return newLookup(m).density(situation, indexSituation(s)), nil
}

// Densities returns the density of the default placement and of every situation.
func (m Map) Densities() []Density {
	out := make([]Density, 0, len(m.Situations)+1)
	for _, name := range append([]string{""}, m.situationNames()...) {
		if d, err := m.Density(name); err == nil {
			out = append(out, d)
		}
	}
	return out
}

func (m Map) situationNames() []string {
	out := make([]string, len(m.Situations))
	for i, s := range m.Situations {
		out[i] = s.Name
	}
	return out
}

func (m Map) lookupSituation(name, field string) (Situation, error) {
	if name == "" {
		return Situation{}, nil
	}
	s, ok := m.Situation(name)
	if !ok {
		return Situation{}, invalid(field, "no situation called %q on the map", "ingen situasjon som heter %q i kartet", "ingen situasjon som heiter %q i kartet", name)
	}
	return s, nil
}

// Text says the density in a sentence.
func (d Density) Text(lang roles.Lang) string {
	name := d.Situation
	where := fmt.Sprintf(tr(lang, "In the situation “%s”", "I situasjonen «%s»", "I situasjonen «%s»"), name)
	if name == "" {
		where = tr(lang, "In the default placement", "I standardplasseringen", "I standardplasseringa")
	}
	return where + fmt.Sprintf(tr(lang, ", %d of %d actors are close to the patient (by ring, closest first: %d, %d, %d, %d).",
		" står %d av %d aktører nær pasienten (per ring, nærmest først: %d, %d, %d, %d).", " står %d av %d aktørar nær pasienten (per ring, nærast først: %d, %d, %d, %d)."),
		d.Close, d.Total, d.Rings[0], d.Rings[1], d.Rings[2], d.Rings[3])
}
