package fhir

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/ident"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// MaxImportBytes bounds the Bundle an import reads.
const MaxImportBytes = 8 << 20

// Problem is one thing wrong with an imported Bundle, at a FHIR element
// path such as CareTeam.participant[2].role[0].
type Problem struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// ImportError lists every problem found; nothing was imported.
type ImportError struct {
	Problems []Problem
	// Cause is the domain's refusal, when the Bundle was well formed but
	// the community refused the members (its code decides the protocol
	// status); nil for problems with the Bundle itself.
	Cause error
}

func (e *ImportError) Error() string {
	var b strings.Builder
	b.WriteString("fhir: nothing imported: ")
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s: %s", p.Path, p.Message)
	}
	return b.String()
}

func (e *ImportError) Unwrap() error { return e.Cause }

// ImportOptions shape how a Bundle is read.
type ImportOptions struct {
	// AcceptSyntheticIDs accepts synthetic identity numbers (test
	// environments), as lkt.Config does.
	AcceptSyntheticIDs bool
	// Source names the sending system in the recorded event.
	Source string
}

// Import reads a Bundle holding a CareTeam with its Patient, Practitioners,
// PractitionerRoles, RelatedPersons and Organizations, as an EHR sends it,
// and makes the team's members members of community id through
// lkt.Service — authorised, consent-checked and audited like every command —
// in one lkt.ImportMembers: on any error nothing is imported. The Bundle's
// patient must be the community's. Other resource types in the Bundle (a
// full export's CarePlan, say) are not read. Participants whose period has
// ended are not imported: they are no longer members.
func Import(ctx context.Context, svc *lkt.Service, by lkt.Principal, id lkt.ID, expected int64, data []byte, opt ImportOptions) (*lkt.Community, error) {
	c, err := svc.Get(ctx, by, id)
	if err != nil {
		return nil, err
	}
	cmd, paths, err := Parse(data, c.Patient(), opt)
	if err != nil {
		return nil, err
	}
	out, err := svc.Do(ctx, by, id, expected, cmd)
	if err != nil {
		return nil, domainProblem(err, paths)
	}
	return out, nil
}

// Paths maps the fields of an lkt.ImportMembers to the FHIR element each
// came from, so that the domain's refusals name the element.
type Paths map[string]string

// domainProblem turns the domain's refusal of an import into an
// ImportError naming the element, keeping the refusal as its cause.
func domainProblem(err error, paths Paths) error {
	var e *lkt.Error
	if !errors.As(err, &e) || e.Field == "" {
		return err
	}
	path := e.Field
	// The longest matching field wins: members[1].member beats members[1].
	best := ""
	for field, p := range paths {
		if (e.Field == field || strings.HasPrefix(e.Field, field+".")) && len(field) > len(best) {
			best, path = field, p
		}
	}
	return &ImportError{Problems: []Problem{{Path: path, Message: e.Message.EN}}, Cause: err}
}

// raw resources as read: every element the importer uses, the rest ignored.
type rawBundle struct {
	ResourceType string `json:"resourceType"`
	Type         string `json:"type"`
	Entry        []struct {
		FullURL  string          `json:"fullUrl"`
		Resource json.RawMessage `json:"resource"`
	} `json:"entry"`
}

type entry struct {
	typ, id, fullURL string
	index            int
	raw              json.RawMessage
}

// parser collects problems; it never stops at the first.
type parser struct {
	opt      ImportOptions
	problems []Problem
	byRef    map[string]*entry // "Type/id" and fullUrl
}

func (p *parser) fail(path, format string, args ...any) {
	if len(p.problems) < 100 {
		p.problems = append(p.problems, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
	}
}

// Parse reads data as a Bundle for community patient and returns the
// command that imports its team, with the element each field came from.
// It reports every problem it finds, each at its element path.
func Parse(data []byte, patient lkt.Patient, opt ImportOptions) (lkt.ImportMembers, Paths, error) {
	p := &parser{opt: opt, byRef: map[string]*entry{}}
	cmd, paths := p.parse(data, patient)
	if len(p.problems) > 0 {
		return lkt.ImportMembers{}, nil, &ImportError{Problems: p.problems}
	}
	return cmd, paths, nil
}

func (p *parser) parse(data []byte, patient lkt.Patient) (lkt.ImportMembers, Paths) {
	var cmd lkt.ImportMembers
	paths := Paths{}
	if len(data) > MaxImportBytes {
		p.fail("Bundle", "is larger than %d bytes", MaxImportBytes)
		return cmd, paths
	}
	var b rawBundle
	if err := json.Unmarshal(data, &b); err != nil {
		p.fail("Bundle", "is not valid JSON: %v", err)
		return cmd, paths
	}
	if b.ResourceType != "Bundle" {
		p.fail("Bundle.resourceType", "is %q; an import reads a Bundle", b.ResourceType)
		return cmd, paths
	}
	var teams []*entry
	for i, e := range b.Entry {
		path := fmt.Sprintf("Bundle.entry[%d]", i)
		var head struct {
			ResourceType string `json:"resourceType"`
			ID           string `json:"id"`
		}
		if len(bytes.TrimSpace(e.Resource)) == 0 || json.Unmarshal(e.Resource, &head) != nil || head.ResourceType == "" {
			p.fail(path+".resource", "is missing or has no resourceType")
			continue
		}
		en := &entry{typ: head.ResourceType, id: head.ID, fullURL: e.FullURL, index: i, raw: e.Resource}
		for _, key := range []string{head.ResourceType + "/" + head.ID, e.FullURL} {
			if key == "" || strings.HasSuffix(key, "/") {
				continue
			}
			if _, dup := p.byRef[key]; dup {
				p.fail(path, "%s appears twice in the Bundle", key)
			}
			p.byRef[key] = en
		}
		if head.ResourceType == "CareTeam" {
			teams = append(teams, en)
		}
	}
	if len(p.problems) > 0 {
		return cmd, paths
	}
	if len(teams) != 1 {
		p.fail("Bundle.entry", "holds %d CareTeams; an import reads exactly one", len(teams))
		return cmd, paths
	}
	var team CareTeam
	if !p.decode(teams[0], "CareTeam", &team) {
		return cmd, paths
	}
	if team.Subject == nil {
		p.fail("CareTeam.subject", "is missing: whose team is it?")
	} else if pat, ok := p.resolve("CareTeam.subject", *team.Subject, "Patient"); ok {
		p.samePatient(pat, patient)
	}
	for i, part := range team.Participant {
		path := fmt.Sprintf("CareTeam.participant[%d]", i)
		if part.Period != nil && part.Period.End != "" {
			continue // no longer a member
		}
		if len(part.Role) == 0 {
			p.fail(path+".role", "is missing: give the participant's LKT role")
			continue
		}
		own, ok := p.roleCode(path+".role[0]", part.Role[0])
		if !ok {
			continue
		}
		if part.Member == nil {
			p.fail(path+".member", "is missing")
			continue
		}
		r, _ := roles.Lookup(own)
		switch r.Kind {
		case roles.KindPatient:
			if _, ok := p.resolve(path+".member", *part.Member, "Patient"); ok && len(part.Role) > 1 {
				p.fail(path+".role[1]", "the patient holds no mandatory role")
			}
			continue
		case roles.KindMandatory:
			p.fail(path+".role[0]", "%q is a mandatory role, assigned to a member: role[0] is the member's own role (e.g. general-practitioner), the mandatory role follows it", own)
			continue
		}
		m, ok := p.member(path, *part.Member, r)
		if !ok {
			continue
		}
		if part.Period != nil && part.Period.Start != "" {
			t, err := parseTime(part.Period.Start)
			if err != nil {
				p.fail(path+".period.start", "%v", err)
				continue
			}
			m.JoinedAt = t
		}
		idx := len(cmd.Members)
		paths[fmt.Sprintf("members[%d]", idx)] = path
		paths[fmt.Sprintf("members[%d].member.role", idx)] = path + ".role[0]"
		cmd.Members = append(cmd.Members, m)
		for j, rc := range part.Role[1:] {
			rpath := fmt.Sprintf("%s.role[%d]", path, j+1)
			code, ok := p.roleCode(rpath, rc)
			if !ok {
				continue
			}
			if !code.Mandatory() {
				p.fail(rpath, "%q is not one of the four mandatory roles; a participant has one own role (role[0])", code)
				continue
			}
			paths[fmt.Sprintf("roles[%d]", len(cmd.Roles))] = rpath
			cmd.Roles = append(cmd.Roles, lkt.RoleHolder{Role: code, MemberID: m.Member.ID})
		}
	}
	cmd.Source = p.opt.Source
	return cmd, paths
}

func (p *parser) decode(e *entry, typ string, v any) bool {
	if err := json.Unmarshal(e.raw, v); err != nil {
		p.fail(typ, "cannot be read: %v", err)
		return false
	}
	return true
}

// resolve finds the entry a reference points to, which must be of type want.
func (p *parser) resolve(path string, ref Reference, want ...string) (*entry, bool) {
	if ref.Reference == "" {
		p.fail(path+".reference", "is missing: an import follows literal references only")
		return nil, false
	}
	e, ok := p.byRef[ref.Reference]
	if !ok {
		p.fail(path+".reference", "%q points to nothing in the Bundle", ref.Reference)
		return nil, false
	}
	for _, w := range want {
		if e.typ == w {
			return e, true
		}
	}
	p.fail(path+".reference", "%q is a %s; expected %s", ref.Reference, e.typ, strings.Join(want, " or "))
	return nil, false
}

// roleCode reads an LKT role from a CodeableConcept: the coding in the LKT
// role system. A code from any other system, or none, is reported, never
// guessed.
func (p *parser) roleCode(path string, cc CodeableConcept) (roles.Code, bool) {
	for i, cd := range cc.Coding {
		if cd.System != RoleSystem {
			continue
		}
		code := roles.Code(cd.Code)
		if !code.Valid() {
			p.fail(fmt.Sprintf("%s.coding[%d].code", path, i), "%q is not a code of %s", cd.Code, RoleSystem)
			return "", false
		}
		return code, true
	}
	if len(cc.Coding) == 0 {
		p.fail(path, "has no coding; give a code of %s", RoleSystem)
	} else {
		p.fail(path+".coding[0].system", "unknown code system %q for a role: an import reads roles from %s only", cc.Coding[0].System, RoleSystem)
	}
	return "", false
}

func personNumber(p *parser, path string, ids []Identifier) string {
	for i, id := range ids {
		if id.System != SystemFNR && id.System != SystemDNR {
			continue
		}
		n, err := ident.ParsePersonNumber(id.Value, ident.Options{AllowSynthetic: p.opt.AcceptSyntheticIDs})
		if err != nil {
			p.fail(fmt.Sprintf("%s.identifier[%d].value", path, i), "%v", err)
			return ""
		}
		if (id.System == SystemDNR) != (n.Kind == ident.DNumber) {
			p.fail(fmt.Sprintf("%s.identifier[%d].system", path, i), "the number is a %s, not what %s names", n.Kind, id.System)
			return ""
		}
		return id.Value
	}
	return ""
}

func personID(ids []Identifier) string {
	for _, id := range ids {
		if id.System == MemberIDSystem && id.Value != "" {
			return id.Value
		}
	}
	return ""
}

// samePatient checks that the Bundle's patient is the community's, by
// national identity number when both have one, else by person id.
func (p *parser) samePatient(e *entry, want lkt.Patient) {
	var pat Patient
	if !p.decode(e, "Patient", &pat) {
		return
	}
	nin := personNumber(p, "Patient", pat.Identifier)
	switch {
	case nin != "" && want.NationalID != "":
		if nin != want.NationalID {
			p.fail("Patient.identifier", "names another person than the community's patient")
		}
	case personID(pat.Identifier) != "":
		if personID(pat.Identifier) != string(want.ID) {
			p.fail("Patient.identifier", "names another person than the community's patient")
		}
	default:
		p.fail("Patient.identifier", "has neither a national identity number nor a person id to match the community's patient by")
	}
}

func nameOf(names []HumanName) string {
	for _, n := range names {
		if s := strings.TrimSpace(n.Text); s != "" {
			return s
		}
		if s := strings.TrimSpace(strings.Join(append(append([]string{}, n.Given...), n.Family), " ")); s != "" {
			return s
		}
	}
	return ""
}

func contactOf(ts []ContactPoint) actormap.Contact {
	var c actormap.Contact
	for _, t := range ts {
		switch {
		case t.System == "phone" && c.Phone == "":
			c.Phone = t.Value
		case t.System == "email" && c.Email == "":
			c.Email = t.Value
		}
	}
	return c
}

func hasCoding(ccs []CodeableConcept, system, code string) bool {
	for _, cc := range ccs {
		for _, cd := range cc.Coding {
			if cd.System == system && cd.Code == code {
				return true
			}
		}
	}
	return false
}

// member reads the participant's resource as a new member with role r.
func (p *parser) member(path string, ref Reference, r roles.Role) (lkt.ImportedMember, bool) {
	n := len(p.problems)
	if r.Kind == roles.KindRelative {
		e, ok := p.resolve(path+".member", ref, "RelatedPerson")
		if !ok {
			return lkt.ImportedMember{}, false
		}
		var rp RelatedPerson
		if !p.decode(e, "RelatedPerson", &rp) {
			return lkt.ImportedMember{}, false
		}
		personNumber(p, "RelatedPerson", rp.Identifier)
		m := lkt.NewMember{ID: actormap.ActorID(firstNonEmpty(personID(rp.Identifier), rp.ID)), Name: nameOf(rp.Name), Role: r.Code,
			Contact: contactOf(rp.Telecom), ParentalResponsibility: hasCoding(rp.Relationship, PlanSystem, codeParentalResponsibility)}
		return lkt.ImportedMember{Member: m}, len(p.problems) == n
	}
	e, ok := p.resolve(path+".member", ref, "PractitionerRole", "Practitioner")
	if !ok {
		return lkt.ImportedMember{}, false
	}
	var role PractitionerRole
	var prac Practitioner
	pracEntry := e
	if e.typ == "PractitionerRole" {
		if !p.decode(e, "PractitionerRole", &role) {
			return lkt.ImportedMember{}, false
		}
		if role.Practitioner == nil {
			p.fail("PractitionerRole.practitioner", "is missing")
			return lkt.ImportedMember{}, false
		}
		if pracEntry, ok = p.resolve("PractitionerRole.practitioner", *role.Practitioner, "Practitioner"); !ok {
			return lkt.ImportedMember{}, false
		}
	}
	if !p.decode(pracEntry, "Practitioner", &prac) {
		return lkt.ImportedMember{}, false
	}
	m := lkt.NewMember{ID: actormap.ActorID(firstNonEmpty(personID(prac.Identifier), prac.ID)), Name: nameOf(prac.Name), Role: r.Code,
		Contact: contactOf(role.Telecom), WorksInHome: hasCoding(role.Code, PlanSystem, codeWorksInHome)}
	m.Contact.Note = role.AvailabilityExceptions
	for i, id := range prac.Identifier {
		if id.System == SystemHPR {
			if !ident.ValidHPR(id.Value) {
				p.fail(fmt.Sprintf("Practitioner.identifier[%d].value", i), "is not a valid HPR number (check digit or length)")
			}
			m.HPR = id.Value
		}
	}
	personNumber(p, "Practitioner", prac.Identifier)
	for i, cc := range role.Code {
		for j, cd := range cc.Coding {
			if cd.System != SectorSystem {
				continue
			}
			if s := roles.Sector(cd.Code); s.Valid() {
				m.Sector = s
			} else {
				p.fail(fmt.Sprintf("PractitionerRole.code[%d].coding[%d].code", i, j), "%q is not a code of %s", cd.Code, SectorSystem)
			}
		}
	}
	if role.Organization != nil {
		p.organisation(&m, *role.Organization)
	}
	return lkt.ImportedMember{Member: m}, len(p.problems) == n
}

// organisation reads the member's employer and workplace: a workplace is
// an Organization typed lkt-plan#workplace, part of the employer.
func (p *parser) organisation(m *lkt.NewMember, ref Reference) {
	e, ok := p.resolve("PractitionerRole.organization", ref, "Organization")
	if !ok {
		return
	}
	var o Organization
	if !p.decode(e, "Organization", &o) {
		return
	}
	if hasCoding(o.Type, PlanSystem, codeWorkplace) {
		m.Workplace = o.Name
		if o.PartOf == nil {
			return
		}
		if e, ok = p.resolve("Organization.partOf", *o.PartOf, "Organization"); !ok || !p.decode(e, "Organization", &o) {
			return
		}
	}
	m.Organisation = o.Name
	for i, id := range o.Identifier {
		if id.System == SystemENH {
			if !ident.ValidOrgNumber(id.Value) {
				p.fail(fmt.Sprintf("Organization.identifier[%d].value", i), "is not a valid organisation number (check digit or length)")
			}
			m.OrgNumber = id.Value
		}
	}
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", time.DateOnly, "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a FHIR dateTime", s)
}
