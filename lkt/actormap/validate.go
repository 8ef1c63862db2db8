package actormap

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Validate checks every rule of the map and returns the first broken one as
// an *Error naming the field. Holders must fit their mandatory role
// (roles.Fits); ties must join known actors and not loop; placements use the
// fixed ring scale; a perspective belongs to a member or the patient.
func (m Map) Validate() error { return newLookup(m).validate() }

// validate is Validate on an indexed map.
func (lk *lookup) validate() error {
	m := lk.m
	if err := checkText("patient", m.Patient, 200, false); err != nil {
		return err
	}
	for i, a := range m.Actors {
		if err := validateActor(a, i); err != nil {
			return err
		}
		if lk.pos[a.ID] != i {
			return invalid(at("actors", i, "id"), "the id %q is used twice", "id-en %q er brukt to ganger", "id-en %q er brukt to gonger", a.ID)
		}
	}
	for _, c := range sortedCodes(m.Holders) {
		id := m.Holders[c]
		f := "holders[" + string(c) + "]"
		if !c.Mandatory() {
			return invalid(f, "%q is not a mandatory role", "%q er ikke en obligatorisk rolle", "%q er ikkje ei obligatorisk rolle", c)
		}
		a, ok := lk.actor(id)
		if !ok {
			return invalid(f, "the holder %q is not on the map", "innehaveren %q er ikke i kartet", "innehavaren %q er ikkje i kartet", id)
		}
		if err := roles.Fits(c, roles.Holder{Role: a.Role, Sector: a.Sector}); err != nil {
			return misfit(f, err)
		}
	}
	known := func(id ActorID) bool { return id == PatientID || lk.has(id) }
	if err := validateTies("ties", m.Ties, known); err != nil {
		return err
	}
	names := map[string]bool{}
	for i, s := range m.Situations {
		if err := validateSituation(s, i, lk.has); err != nil {
			return err
		}
		if names[s.Name] {
			return invalid(at("situations", i, "name"), "the situation %q is named twice", "situasjonen %q er nevnt to ganger", "situasjonen %q er nemnd to gonger", s.Name)
		}
		names[s.Name] = true
	}
	owners := map[ActorID]bool{}
	for i, p := range m.Perspectives {
		f := at("perspectives", i, "")
		if err := lk.validatePerspective(f, p, false); err != nil {
			return err
		}
		if owners[p.Owner] {
			return invalid(f+".owner", "%q already has a perspective", "%q har allerede et perspektiv", "%q har alt eit perspektiv", p.Owner)
		}
		owners[p.Owner] = true
	}
	return nil
}

func validateActor(a Actor, i int) error {
	// Field names are built only for an error: validation runs on every
	// analysis and picture, and formatting them per actor is most of its cost.
	f := func(name string) string { return at("actors", i, name) }
	if !idOK(a.ID) {
		return checkID(f("id"), a.ID)
	}
	if !textOK(a.Name, 200, true) {
		return checkText(f("name"), a.Name, 200, true)
	}
	r, ok := roles.Lookup(a.Role)
	switch {
	case !ok:
		return invalid(f("role"), "unknown role %q", "ukjent rolle %q", "ukjend rolle %q", a.Role)
	case r.Kind == roles.KindMandatory:
		return invalid(f("role"), "%q is a mandatory role: assign it through holders", "%q er en obligatorisk rolle: tildel den gjennom innehavere", "%q er ei obligatorisk rolle: tildel ho gjennom innehavarar", a.Role)
	case r.Kind == roles.KindPatient:
		return invalid(f("role"), "the patient is the centre of the map, not an actor", "pasienten er midten av kartet, ikke en aktør", "pasienten er midten av kartet, ikkje ein aktør")
	}
	if !a.Sector.Valid() {
		return invalid(f("sector"), "unknown sector %q", "ukjent sektor %q", "ukjend sektor %q", a.Sector)
	}
	if a.Status != "" && !a.Status.Valid() {
		return invalid(f("status"), "unknown status %q", "ukjent status %q", "ukjend status %q", a.Status)
	}
	for _, s := range []struct{ name, v string }{{"organisation", a.Organisation}, {"workplace", a.Workplace}} {
		if !textOK(s.v, 200, false) {
			return checkText(f(s.name), s.v, 200, false)
		}
	}
	return nil
}

func validateTies(list string, ties []Tie, known func(ActorID) bool) error {
	type key struct {
		p pair
		c Channel
	}
	dup := make(map[key]bool, len(ties))
	for i, t := range ties {
		for _, e := range []struct {
			name string
			id   ActorID
		}{{"from", t.From}, {"to", t.To}} {
			if e.id == "" {
				return invalid(at(list, i, e.name), "a tie needs two ends", "en linje trenger to ender", "ei linje treng to endar")
			}
			if !known(e.id) {
				return invalid(at(list, i, e.name), "%q is not a known actor", "%q er ikke en kjent aktør", "%q er ikkje ein kjend aktør", e.id)
			}
		}
		if t.From == t.To {
			return invalid(at(list, i, "to"), "an actor cannot have a tie to itself", "en aktør kan ikke ha en linje til seg selv", "ein aktør kan ikkje ha ei linje til seg sjølv")
		}
		if !t.Channel.Valid() {
			return invalid(at(list, i, "channel"), "unknown channel %q", "ukjent kanal %q", "ukjend kanal %q", t.Channel)
		}
		if !t.Frequency.Valid() {
			return invalid(at(list, i, "frequency"), "unknown frequency %q", "ukjent hyppighet %q", "ukjend hyppigheit %q", t.Frequency)
		}
		if !textOK(t.About, 500, false) {
			return checkText(at(list, i, "about"), t.About, 500, false)
		}
		k := key{t.pair(), t.Channel}
		if dup[k] {
			return invalid(at(list, i, ""), "the same line (same ends and channel) is listed twice", "samme linje (samme ender og kanal) står to ganger", "same linje (same endar og kanal) står to gonger")
		}
		dup[k] = true
	}
	return nil
}

func validateSituation(s Situation, i int, actor func(ActorID) bool) error {
	f := func(name string) string { return at("situations", i, name) }
	if err := checkText(f("name"), s.Name, 100, true); err != nil {
		return err
	}
	placed := map[ActorID]bool{}
	for j, p := range s.Placements {
		pf := fmt.Sprintf("%s.placements[%d]", at("situations", i, ""), j)
		if !actor(p.Actor) {
			return invalid(pf+".actor", "%q is not an actor on the map", "%q er ikke en aktør i kartet", "%q er ikkje ein aktør i kartet", p.Actor)
		}
		if placed[p.Actor] {
			return invalid(pf+".actor", "%q is placed twice", "%q er plassert to ganger", "%q er plassert to gonger", p.Actor)
		}
		placed[p.Actor] = true
		if !p.Proximity.Valid() {
			return invalid(pf+".proximity", "proximity must be 1 (closest) to %d (distant), not %d", "nærhet må være 1 (nærmest) til %d (fjern), ikke %d", "nærleik må vere 1 (nærast) til %d (fjern), ikkje %d", Rings, p.Proximity)
		}
	}
	for j, id := range s.Absent {
		if !actor(id) {
			return invalid(fmt.Sprintf("%s.absent[%d]", at("situations", i, ""), j), "%q is not an actor on the map", "%q er ikke en aktør i kartet", "%q er ikkje ein aktør i kartet", id)
		}
	}
	return nil
}

// idOK reports whether checkID accepts id.
func idOK(id ActorID) bool {
	return id != "" && id != PatientID && id != SharedView && textOK(string(id), 200, true)
}

func checkID(field string, id ActorID) error {
	switch {
	case id == "":
		return invalid(field, "required", "må fylles ut", "må fyllast ut")
	case id == PatientID || id == SharedView:
		return invalid(field, "%q is reserved", "%q er reservert", "%q er reservert", id)
	}
	return checkText(field, string(id), 200, true)
}

// textOK reports whether checkText accepts s.
func textOK(s string, max int, required bool) bool {
	if required && s == "" {
		return false
	}
	n := 0
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return false // invalid UTF-8
			}
		}
		if unicode.IsControl(r) {
			return false
		}
		n++
	}
	return n <= max
}

// checkText rejects what cannot be shown safely: invalid UTF-8 and control
// characters. Right-to-left text and bidi marks are allowed; renderers isolate them.
func checkText(field, s string, max int, required bool) error {
	switch {
	case required && s == "":
		return invalid(field, "required", "må fylles ut", "må fyllast ut")
	case !utf8.ValidString(s):
		return invalid(field, "not valid UTF-8 text", "ikke gyldig UTF-8-tekst", "ikkje gyldig UTF-8-tekst")
	case utf8.RuneCountInString(s) > max:
		return invalid(field, "at most %d characters", "høyst %d tegn", "høgst %d teikn", max)
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return invalid(field, "contains a control character", "inneholder et kontrolltegn", "inneheld eit kontrollteikn")
		}
	}
	return nil
}
