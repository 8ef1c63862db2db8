package actormap

import (
	"fmt"
	"slices"
	"strings"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Ref names an actor (or the patient, or the shared map) in a finding, so
// that a finding can be read without the map it came from.
type Ref struct {
	ID     ActorID      `json:"id"`
	Name   string       `json:"name,omitempty"`
	Role   roles.Code   `json:"role,omitempty"`
	Sector roles.Sector `json:"sector,omitempty"`
	// Holds lists the mandatory roles the actor holds.
	Holds []roles.Code `json:"holds,omitempty"`
}

// Text names the actor with the role a coordinator knows them by:
// "Kari Berg (GP)", "the patient", "the actor map".
func (r Ref) Text(lang roles.Lang) string {
	switch r.ID {
	case PatientID:
		if r.Name == "" {
			return tr(lang, "the patient", "pasienten", "pasienten")
		}
		return r.Name + tr(lang, " (the patient)", " (pasienten)", " (pasienten)")
	case SharedView:
		return tr(lang, "the actor map", "aktørkartet", "aktørkartet")
	}
	return r.Name + " (" + r.RoleText(lang) + ")"
}

// RoleText is the mandatory roles held, or else the actor's own role.
func (r Ref) RoleText(lang roles.Lang) string {
	if len(r.Holds) == 0 {
		return r.Role.Label(lang)
	}
	parts := make([]string, len(r.Holds))
	for i, c := range r.Holds {
		parts[i] = ShortLabel(c, lang)
	}
	return strings.Join(parts, ", ")
}

// short names the mandatory roles where space is scarce (pictures, sentences).
var short = map[roles.Code]roles.Labels{
	roles.CoordinatorLeader:   {EN: "Coordinator", NB: "Koordinator", NN: "Koordinator"},
	roles.GP:                  {EN: "GP", NB: "Fastlege", NN: "Fastlege"},
	roles.ContactClinician:    {EN: "Contact physician/psychologist", NB: "Kontaktlege/-psykolog", NN: "Kontaktlege/-psykolog"},
	roles.InternalCoordinator: {EN: "Internal coordinator", NB: "Intern koordinator", NN: "Intern koordinator"},
}

// ShortLabel is a mandatory role's short name, or any role's full label.
func ShortLabel(c roles.Code, lang roles.Lang) string {
	if l, ok := short[c]; ok {
		return l.In(lang)
	}
	return c.Label(lang)
}

// tr picks the text in lang: each of the three is given, so a reader of
// nynorsk gets nynorsk, never the bokmål fallback.
func tr(lang roles.Lang, en, nb, nn string) string {
	switch lang {
	case roles.English:
		return en
	case roles.Nynorsk:
		return nn
	}
	return nb
}

// list joins names as "a, b and c", shortening long lists.
func list(lang roles.Lang, items []string) string {
	const most = 6
	if len(items) > most {
		rest := len(items) - most + 1
		items = append(slices.Clone(items[:most-1]), fmt.Sprintf(tr(lang, "%d more", "%d til", "%d til"), rest))
	}
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + tr(lang, " and ", " og ", " og ") + items[len(items)-1]
}

func refsText(lang roles.Lang, rs []Ref) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Text(lang)
	}
	return list(lang, out)
}

func sortedCodes[V any](m map[roles.Code]V) []roles.Code {
	out := make([]roles.Code, 0, len(m))
	for c := range m {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// tieText describes how a tie works: "weekly by phone".
func tieText(lang roles.Lang, t Tie) string {
	s := channelHow[t.Channel].In(lang)
	if t.Frequency != "" {
		s = t.Frequency.Label(lang) + " " + s
	}
	return s
}
