package http

import (
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/lkt-rammeverk/go-lkt/adapters/fhir"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
)

// FHIR over HTTP: the community's own data read and searched as a FHIR R4
// server would, under /fhir. Every read goes through lkt.Service.Get, so
// authorisation, consent and audit are those of every other read; the
// mapping is adapters/fhir's. Answers are application/fhir+json, errors
// OperationOutcome with the status the JSON API would give. Which
// interactions of IHE Dynamic Care Planning's Care Plan Service are
// offered, and which not, is in adapters/fhir's package documentation and
// the CapabilityStatement at /fhir/metadata.

var contentFHIR = []string{"application/fhir+json; charset=utf-8"}

// fhirBase is the absolute URL of /fhir as the client reached it: the
// fullUrl of every entry and the CapabilityStatement's implementation.url.
func (s *server) fhirBase(r *http.Request) string {
	if s.fhirBaseURL != "" {
		return s.fhirBaseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/fhir"
}

func (s *server) fhirOptions(r *http.Request) fhir.Options { return fhir.Options{Base: s.fhirBase(r)} }

// issueType is the FHIR issue type of each error code.
var issueType = map[lkt.Code]string{
	lkt.Invalid:            "invalid",
	lkt.NotFound:           "not-found",
	lkt.Conflict:           "conflict",
	lkt.Forbidden:          "forbidden",
	lkt.ConsentRequired:    "suppressed",
	lkt.PreconditionFailed: "business-rule",
	lkt.Internal:           "exception",
	lkt.Unavailable:        "transient",
	codeMalformed:          "invalid",
	codeUnauthenticated:    "login",
	codeMethod:             "not-supported",
	codeTooManyFailures:    "throttled",
}

// writeOutcome writes err as an OperationOutcome with the status the JSON
// API gives its code (problemFor decides both), and logs it as
// writeProblem does. The issue names the field or search parameter that
// failed in expression, the domain's code and rule in diagnostics.
func (s *server) writeOutcome(w http.ResponseWriter, r *http.Request, err error) {
	p, lang := s.refusal(w, r, err)
	typ := issueType[lkt.Code(p.Code)]
	if typ == "" {
		typ = "processing"
	}
	diag := "code=" + p.Code
	if p.Rule != "" {
		diag += "; rule=" + p.Rule
	}
	if p.RequestID = requestID(r.Context()); p.RequestID != "" {
		diag += "; requestId=" + p.RequestID
	}
	i := fhir.Issue("error", typ, p.Detail)
	i.Diagnostics = diag
	if p.Field != "" {
		i.Expression = []string{p.Field}
	}
	w.Header().Set("Content-Language", string(lang))
	encodeAs(w, p.Status, contentFHIR, &fhir.OperationOutcome{ResourceType: "OperationOutcome", Issue: []fhir.OutcomeIssue{i}})
}

// fhirPrincipal is principal, answering with an OperationOutcome.
func (s *server) fhirPrincipal(w http.ResponseWriter, r *http.Request) (lkt.Principal, bool) {
	p, err := s.authenticate(r)
	if err != nil {
		var tm *tooManyFailures
		if errors.As(err, &tm) {
			setRetryAfter(w, tm.wait)
			s.writeOutcome(w, r, tm)
		} else {
			s.writeOutcome(w, r, errUnauthenticated)
		}
		return lkt.Principal{}, false
	}
	return p, true
}

var errNoResource = newHTTPError(lkt.NotFound, "", "no such resource", "ressursen finnes ikke", "ressursen finst ikkje")

// writeResource answers one resource, with its version as a weak ETag when
// it has one.
func writeResource(w http.ResponseWriter, res any) {
	var meta *fhir.Meta
	switch v := res.(type) {
	case fhir.CarePlan:
		meta = v.Meta
	case fhir.Goal:
		meta = v.Meta
	}
	if meta != nil && meta.VersionID != "" {
		w.Header()["Etag"] = []string{`W/"` + meta.VersionID + `"`}
	}
	encodeAs(w, http.StatusOK, contentFHIR, res)
}

func (s *server) handleFHIRMetadata() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		encodeAs(w, http.StatusOK, contentFHIR, fhir.Capabilities(s.fhirBase(r)))
	})
}

// fhirCommunity reads the community the resource typ/{id} belongs to.
func (s *server) fhirCommunity(w http.ResponseWriter, r *http.Request, typ string) (*lkt.Community, bool) {
	p, ok := s.fhirPrincipal(w, r)
	if !ok {
		return nil, false
	}
	cid, ok := fhir.CommunityOf(typ, r.PathValue("id"))
	if !ok {
		s.writeOutcome(w, r, errNoResource)
		return nil, false
	}
	c, err := s.svc.Get(r.Context(), p, cid)
	if err != nil {
		s.writeOutcome(w, r, err)
		return nil, false
	}
	return c, true
}

// handleFHIRRead answers GET /fhir/{typ}/{id} for the resource types whose
// id names their community.
func (s *server) handleFHIRRead(typ string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.fhirCommunity(w, r, typ)
		if !ok {
			return
		}
		e, ok := fhir.Find(c, s.now(), s.fhirOptions(r), typ, r.PathValue("id"))
		if !ok {
			s.writeOutcome(w, r, errNoResource)
			return
		}
		writeResource(w, e.Resource)
	})
}

// isMainPlan reports whether the request's {id} is a community's main
// CarePlan, the one whose versions are the plan's revisions.
func isMainPlan(r *http.Request) bool {
	return strings.HasSuffix(r.PathValue("id"), "-plan")
}

var errNoHistory = newHTTPError(lkt.NotFound, "", "the plan's revisions are the versions of the main CarePlan (<community>-plan); a phase's CarePlan has no history of its own",
	"planens revisjoner er versjonene av hoved-CarePlan (<fellesskap>-plan); en fases CarePlan har ingen egen historikk", "revisjonane av planen er versjonane av hovud-CarePlan (<fellesskap>-plan); CarePlan for ein fase har ingen eigen historikk")

// fhirMainPlan reads the community whose main CarePlan the request's {id}
// is; a phase's CarePlan has no history.
func (s *server) fhirMainPlan(w http.ResponseWriter, r *http.Request) (*lkt.Community, bool) {
	c, ok := s.fhirCommunity(w, r, "CarePlan")
	if !ok {
		return nil, false
	}
	if !isMainPlan(r) {
		s.writeOutcome(w, r, errNoHistory)
		return nil, false
	}
	return c, true
}

func (s *server) handleFHIRPlanHistory() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.fhirMainPlan(w, r)
		if !ok {
			return
		}
		b := fhir.PlanHistory(c, s.now(), s.fhirOptions(r), s.fhirBase(r)+strings.TrimPrefix(r.URL.Path, "/fhir"))
		if len(b.Entry) == 0 {
			s.writeOutcome(w, r, errNoResource)
			return
		}
		encodeAs(w, http.StatusOK, contentFHIR, b)
	})
}

func (s *server) handleFHIRPlanVersion() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.fhirMainPlan(w, r)
		if !ok {
			return
		}
		no, err := strconv.Atoi(r.PathValue("vid"))
		if err != nil || no < 1 {
			s.writeOutcome(w, r, newHTTPError(codeMalformed, "vid", "the version is a revision number: 1, 2, 3 …", "versjonen er et revisjonsnummer: 1, 2, 3 …", "versjonen er eit revisjonsnummer: 1, 2, 3 …"))
			return
		}
		v, ok := fhir.PlanVersion(c, s.now(), s.fhirOptions(r), no)
		if !ok {
			s.writeOutcome(w, r, errNoResource)
			return
		}
		writeResource(w, v)
	})
}

// patientCommunities reads, through Get, the communities of patient k
// among the caller's, and says why any it could not read was refused.
func (s *server) patientCommunities(r *http.Request, p lkt.Principal, k lkt.PatientKey) ([]*lkt.Community, []error, bool, error) {
	ids, complete, err := s.svc.PatientCommunities(r.Context(), p, k)
	if err != nil {
		return nil, nil, false, err
	}
	var found []*lkt.Community
	var refused []error
	for _, id := range ids {
		if found, refused, err = s.collect(r, p, id, found, refused); err != nil {
			return nil, nil, false, err
		}
	}
	return found, refused, complete, nil
}

// collect reads community id for p into found, or, when p may not read it
// now (forbidden, consent not given), its refusal into refused; a
// community not found is neither. Any other failure is returned.
func (s *server) collect(r *http.Request, p lkt.Principal, id lkt.ID, found []*lkt.Community, refused []error) ([]*lkt.Community, []error, error) {
	c, err := s.svc.Get(r.Context(), p, id)
	switch {
	case err == nil:
		found = append(found, c)
	case lkt.CodeOf(err) == lkt.NotFound:
	case lkt.CodeOf(err) == lkt.Forbidden, lkt.CodeOf(err) == lkt.ConsentRequired:
		refused = append(refused, err)
	default:
		return nil, nil, err
	}
	return found, refused, nil
}

// onFHIRPatient serves a route on the patient named in the path: h gets
// the caller's communities of that patient it may read, those it was
// refused, and whether the walk of them was complete. A patient with none
// the caller may read is answered by writeMissing.
func (s *server) onFHIRPatient(h func(w http.ResponseWriter, r *http.Request, id string, found []*lkt.Community, refused []error, complete bool)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.fhirPrincipal(w, r)
		if !ok {
			return
		}
		id := r.PathValue("id")
		found, refused, complete, err := s.patientCommunities(r, p, lkt.PatientKey{ID: actormap.ActorID(id)})
		if err != nil {
			s.writeOutcome(w, r, err)
			return
		}
		if len(found) == 0 {
			s.writeMissing(w, r, refused)
			return
		}
		h(w, r, id, found, refused, complete)
	})
}

// writeMissing answers a read of what the caller may not see: the first
// refusal met (consent withdrawn, say), or else not found.
func (s *server) writeMissing(w http.ResponseWriter, r *http.Request, refused []error) {
	if len(refused) > 0 {
		s.writeOutcome(w, r, refused[0])
		return
	}
	s.writeOutcome(w, r, errNoResource)
}

// handleFHIRPatient answers GET /fhir/Patient/{id}: the patient of the
// caller's communities with that id. Anyone else's patient is not found.
func (s *server) handleFHIRPatient() http.Handler {
	return s.onFHIRPatient(func(w http.ResponseWriter, r *http.Request, id string, found []*lkt.Community, refused []error, _ bool) {
		for _, c := range found {
			if e, ok := fhir.Find(c, s.now(), s.fhirOptions(r), "Patient", id); ok {
				writeResource(w, e.Resource)
				return
			}
		}
		s.writeMissing(w, r, refused)
	})
}

// handleFHIREverything answers GET /fhir/Patient/{id}/$everything: every
// resource of the patient's communities the caller may read, as a search
// set (the Patient a match, the rest included).
func (s *server) handleFHIREverything() http.Handler {
	return s.onFHIRPatient(func(w http.ResponseWriter, r *http.Request, id string, found []*lkt.Community, refused []error, complete bool) {
		now, opt := s.now(), s.fhirOptions(r)
		var entries []fhir.BundleEntry
		seen := map[string]bool{}
		for _, c := range found {
			for _, e := range fhir.Export(c, now, opt).Entry {
				if !seen[e.FullURL] {
					seen[e.FullURL] = true
					entries = append(entries, e)
				}
			}
		}
		b := fhir.SearchSet(now, s.fhirBase(r)+strings.TrimPrefix(r.URL.Path, "/fhir"), entries, s.leftOut(r, refused, complete))
		patientURL := opt.Base + "/Patient/" + id
		n := 0
		for i := range b.Entry {
			if b.Entry[i].Search.Mode == "match" && b.Entry[i].FullURL != patientURL {
				b.Entry[i].Search.Mode = "include"
			} else if b.Entry[i].Search.Mode == "match" {
				n++
			}
		}
		b.Total = &n
		encodeAs(w, http.StatusOK, contentFHIR, b)
	})
}

// leftOut is the OperationOutcome of a search set: the communities of the
// patient the caller may not read now, with why (consent withdrawn, say),
// and a walk of the caller's communities cut short.
func (s *server) leftOut(r *http.Request, refused []error, complete bool) *fhir.OperationOutcome {
	o := &fhir.OperationOutcome{ResourceType: "OperationOutcome"}
	lang := langOf(r)
	for _, err := range refused {
		o.Issue = append(o.Issue, fhir.Issue("warning", issueType[lkt.CodeOf(err)], lkt.MessageOf(err, lang)))
	}
	if !complete {
		o.Issue = append(o.Issue, fhir.Issue("warning", "incomplete",
			"only the first "+strconv.Itoa(lkt.MaxPatientScan)+" of the caller's communities were searched"))
	}
	return o
}

// searchParams are the search parameters each type answers; see the
// CapabilityStatement.
var searchParams = map[string][]string{
	"CarePlan": {"_id", "patient", "subject", "patient.identifier", "subject.identifier"},
	"CareTeam": {"_id", "patient", "subject", "patient.identifier", "subject.identifier"},
	"Consent":  {"_id", "patient", "patient.identifier"},
}

// fhirSearch is a parsed search: the resource id asked for, and the
// patient.
type fhirSearch struct {
	id      string
	patient *lkt.PatientKey
}

func badParam(name, en, nb, nn string) error { return newHTTPError(codeMalformed, name, en, nb, nn) }

// parseSearch reads typ's search parameters strictly: an unknown one, or
// one given twice, is refused rather than ignored, so that nobody takes a
// wider answer for the one they asked.
func parseSearch(typ string, q url.Values) (fhirSearch, error) {
	var fs fhirSearch
	// In name order, so that of several bad parameters the same is named
	// each time.
	for _, name := range slices.Sorted(maps.Keys(q)) {
		vals := q[name]
		if name == "" {
			return fs, badParam("query", "a search parameter has no name", "en søkeparameter mangler navn", "ein søkjeparameter manglar namn")
		}
		switch name {
		case "_format":
			switch vals[0] {
			case "json", "application/json", "application/fhir+json":
				continue
			}
			return fs, badParam(name, "only json is served", "bare json leveres", "berre json blir levert")
		case "lang":
			continue
		}
		allowed := false
		for _, a := range searchParams[typ] {
			allowed = allowed || a == name
		}
		if !allowed {
			return fs, badParam(name, "unknown search parameter "+name+"; this server answers "+strings.Join(searchParams[typ], ", ")+" for "+typ,
				"ukjent søkeparameter "+name+"; her kan "+typ+" søkes med "+strings.Join(searchParams[typ], ", "),
				"ukjend søkjeparameter "+name+"; her kan ein søkje etter "+typ+" med "+strings.Join(searchParams[typ], ", "))
		}
		if len(vals) != 1 || vals[0] == "" || strings.Contains(vals[0], ",") {
			return fs, badParam(name, "give "+name+" once, with one value", "oppgi "+name+" én gang, med én verdi", "oppgi "+name+" éin gong, med éin verdi")
		}
		v := vals[0]
		switch name {
		case "_id":
			fs.id = v
			continue
		case "patient", "subject":
			if i := strings.LastIndex(v, "/"); i >= 0 {
				if head := v[:i]; head != "Patient" && !strings.HasSuffix(head, "/Patient") {
					return fs, badParam(name, "a patient reference is Patient/<id>", "en pasientreferanse er Patient/<id>", "ein pasientreferanse er Patient/<id>")
				}
				v = v[i+1:]
			}
			if v == "" {
				return fs, badParam(name, "a patient reference is Patient/<id>", "en pasientreferanse er Patient/<id>", "ein pasientreferanse er Patient/<id>")
			}
			k := lkt.PatientKey{ID: actormap.ActorID(v)}
			if fs.patient != nil && *fs.patient != k {
				return fs, badParam(name, "name the patient once", "oppgi pasienten én gang", "oppgi pasienten éin gong")
			}
			fs.patient = &k
		default: // patient.identifier, subject.identifier
			k, err := identifierKey(name, v)
			if err != nil {
				return fs, err
			}
			if fs.patient != nil && *fs.patient != k {
				return fs, badParam(name, "name the patient once", "oppgi pasienten én gang", "oppgi pasienten éin gong")
			}
			fs.patient = &k
		}
	}
	if fs.id == "" && fs.patient == nil {
		return fs, badParam("patient", "a search names the patient (patient, patient.identifier) or the resource (_id)",
			"et søk oppgir pasienten (patient, patient.identifier) eller ressursen (_id)", "eit søk oppgir pasienten (patient, patient.identifier) eller ressursen (_id)")
	}
	return fs, nil
}

// identifierKey reads a token system|value naming the patient: a national
// identity number or D-number, or the patient's person id.
func identifierKey(name, v string) (lkt.PatientKey, error) {
	system, value, hasSystem := strings.Cut(v, "|")
	if !hasSystem {
		system, value = "", v
	}
	if value == "" {
		return lkt.PatientKey{}, badParam(name, "give the identifier's value: system|value", "oppgi identifikatorens verdi: system|verdi", "oppgi verdien til identifikatoren: system|verdi")
	}
	switch system {
	case fhir.SystemFNR, fhir.SystemDNR, "":
		return lkt.PatientKey{NationalID: value}, nil
	case fhir.MemberIDSystem:
		return lkt.PatientKey{ID: actormap.ActorID(value)}, nil
	}
	return lkt.PatientKey{}, badParam(name, "unknown identifier system "+system+"; use "+fhir.SystemFNR+" (fødselsnummer), "+fhir.SystemDNR+" (D-nummer) or "+fhir.MemberIDSystem,
		"ukjent identifikatorsystem "+system+"; bruk "+fhir.SystemFNR+" (fødselsnummer), "+fhir.SystemDNR+" (D-nummer) eller "+fhir.MemberIDSystem,
		"ukjent identifikatorsystem "+system+"; bruk "+fhir.SystemFNR+" (fødselsnummer), "+fhir.SystemDNR+" (D-nummer) eller "+fhir.MemberIDSystem)
}

// handleFHIRSearch answers GET /fhir/{typ}?…: the resources of type typ of
// the patient's communities the caller may read.
func (s *server) handleFHIRSearch(typ string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.fhirPrincipal(w, r)
		if !ok {
			return
		}
		fs, err := parseSearch(typ, r.URL.Query())
		if err != nil {
			s.writeOutcome(w, r, err)
			return
		}
		var (
			found    []*lkt.Community
			refused  []error
			complete = true
		)
		if fs.patient != nil {
			if found, refused, complete, err = s.patientCommunities(r, p, *fs.patient); err != nil {
				s.writeOutcome(w, r, err)
				return
			}
		} else if cid, ok := fhir.CommunityOf(typ, fs.id); ok {
			if found, refused, err = s.collect(r, p, cid, found, refused); err != nil {
				s.writeOutcome(w, r, err)
				return
			}
		}
		now, opt := s.now(), s.fhirOptions(r)
		var matches []fhir.BundleEntry
		for _, c := range found {
			for _, e := range fhir.OfType(c, now, opt, typ) {
				if fs.id == "" || strings.HasSuffix(e.FullURL, "/"+typ+"/"+fs.id) {
					matches = append(matches, e)
				}
			}
		}
		self := s.fhirBase(r) + "/" + typ
		if r.URL.RawQuery != "" {
			self += "?" + r.URL.RawQuery
		}
		encodeAs(w, http.StatusOK, contentFHIR, fhir.SearchSet(now, self, matches, s.leftOut(r, refused, complete)))
	})
}

// notFoundFHIR answers what no FHIR route matches: 405 naming the methods
// a path takes, else 404, as OperationOutcome.
func (s *server) notFoundFHIR(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if allow := allowedMethods(mux, r, "/fhir/"); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			s.writeOutcome(w, r, newHTTPError(codeMethod, "", "this FHIR endpoint is read-only: changes go through the JSON API's commands; see Allow",
				"dette FHIR-endepunktet kan bare leses: endringer går gjennom JSON-API-ets kommandoer; se Allow", "dette FHIR-endepunktet kan berre lesast: endringar går gjennom kommandoane i JSON-API-et; sjå Allow"))
			return
		}
		s.writeOutcome(w, r, newHTTPError(lkt.NotFound, "", "no such FHIR resource type or interaction here; see /fhir/metadata",
			"ingen slik FHIR-ressurstype eller interaksjon her; se /fhir/metadata", "ingen slik FHIR-ressurstype eller interaksjon her; sjå /fhir/metadata"))
	})
}

// The FHIR operations in the OpenAPI document.
const (
	fhirTag   = "fhir"
	fhirMedia = "application/fhir+json"
)

var outcomeSchema = obj{"type": "object", "description": "A FHIR R4 OperationOutcome: issue[].severity, code, details.text, diagnostics (the domain's code and rule), expression (the parameter or field).",
	"required": []string{"resourceType", "issue"}, "properties": obj{"resourceType": obj{"const": "OperationOutcome"}, "issue": obj{"type": "array", "items": obj{"type": "object"}}}}

var fhirSearchDoc = []paramDoc{
	{"patient", "string", "The patient: Patient/<id> or <id>."},
	{"patient.identifier", "string", "The patient by identifier, system|value: the national identity number (urn:oid:2.16.578.1.12.4.1.4.1), D-number (urn:oid:2.16.578.1.12.4.1.4.2) or person id."},
	{"_id", "string", "The resource's id."},
}

func fhirOperations() []opDoc {
	read := func(typ, id, what string) opDoc {
		return opDoc{key: "GET /fhir/" + typ + "/{id}", id: id, summary: what, tag: fhirTag, fhirType: typ,
			desc: "Read as GET /api/communities/{id} reads: the patient's side always, other members while consent shares; every read is audited."}
	}
	search := func(typ, id, what string, params []paramDoc) opDoc {
		return opDoc{key: "GET /fhir/" + typ, id: id, summary: what, tag: fhirTag, fhirType: "Bundle", query: params,
			desc: "A searchset Bundle of the patient's communities among the caller's (a system: all) that the caller may read; one the caller may not read now is named in an OperationOutcome entry (search mode outcome). An unknown parameter is a 400."}
	}
	subject := append(slices.Clone(fhirSearchDoc), paramDoc{"subject", "string", "As patient."}, paramDoc{"subject.identifier", "string", "As patient.identifier."})
	return []opDoc{
		{key: "GET /fhir/metadata", id: "fhirCapabilities", summary: "The FHIR CapabilityStatement: what this endpoint offers of IHE DCP's Care Plan Service", tag: fhirTag, fhirType: "CapabilityStatement", public: true},
		{key: "GET /fhir/Patient/{id}", id: "fhirReadPatient", summary: "The patient (no-basis-Patient) of the caller's communities with this id", tag: fhirTag, fhirType: "Patient",
			desc: "Looked for among the caller's communities only (a system: all); the patient of anyone else's is not found (404)."},
		{key: "GET /fhir/Patient/{id}/$everything", id: "fhirPatientEverything", summary: "Everything of the patient's communities the caller may read, as a searchset Bundle", tag: fhirTag, fhirType: "Bundle"},
		search("CareTeam", "fhirSearchCareTeam", "Search the actor communities (B) by patient", subject),
		read("CareTeam", "fhirReadCareTeam", "The actor community (B) as a CareTeam; its id is the community's"),
		read("EpisodeOfCare", "fhirReadEpisodeOfCare", "The coordinator and leader (C) as the EpisodeOfCare's careManager; its id is the community's"),
		read("Goal", "fhirReadGoal", "The patient's own goal from their story (A): <community>-goal"),
		search("Consent", "fhirSearchConsent", "Search the consents by patient", fhirSearchDoc),
		read("Consent", "fhirReadConsent", "One consent: <community>-consent-<n>"),
		search("CarePlan", "fhirSearchCarePlan", "Search the plans (D) by patient: the main CarePlan and one per phase", subject),
		read("CarePlan", "fhirReadCarePlan", "The plan (D): <community>-plan, or a phase's <community>-plan-<green|yellow|red>"),
		{key: "GET /fhir/CarePlan/{id}/_history", id: "fhirPlanHistory", summary: "Every revision of the plan as a version of its main CarePlan, newest first (history Bundle)", tag: fhirTag, fhirType: "Bundle"},
		{key: "GET /fhir/CarePlan/{id}/_history/{vid}", id: "fhirPlanVersion", summary: "One revision of the plan as that version of the main CarePlan", tag: fhirTag, fhirType: "CarePlan"},
	}
}
