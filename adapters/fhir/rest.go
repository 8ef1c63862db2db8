package fhir

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
)

// What FHIR's RESTful API needs from a community, for the HTTP adapter to
// serve: one resource by type and id, every version of the plan, the
// community a resource id belongs to, search sets and histories, the
// CapabilityStatement and OperationOutcome. The adapter reads the community
// through lkt.Service first, as for every other read.

// CommunityOf returns the community whose export holds the resource typ/id,
// read back from the ids Export gives: a CareTeam and an EpisodeOfCare have
// the community's id, the main CarePlan "<community>-plan", a phase's
// "<community>-plan-<phase>", a Consent "<community>-consent-<n>", the Goal
// "<community>-goal". A community id that is not a FHIR id (an underscore,
// more than 64 characters) was hashed and is not found this way: search by
// patient finds it.
func CommunityOf(typ, id string) (lkt.ID, bool) {
	var cid string
	switch typ {
	case "CareTeam", "EpisodeOfCare":
		cid = id
	case "Goal":
		if c, ok := strings.CutSuffix(id, "-goal"); ok {
			cid = c
		}
	case "CarePlan":
		for _, ph := range plan.PhaseOrder() {
			if c, ok := strings.CutSuffix(id, "-plan-"+string(ph)); ok {
				cid = c
				break
			}
		}
		if c, ok := strings.CutSuffix(id, "-plan"); ok && cid == "" {
			cid = c
		}
	case "Consent":
		if i := strings.LastIndex(id, "-consent-"); i > 0 {
			if n, err := strconv.Atoi(id[i+len("-consent-"):]); err == nil && n > 0 {
				cid = id[:i]
			}
		}
	}
	// Only an id Export would have kept as it is: a hashed one does not
	// lead back.
	if cid == "" || !lkt.ValidID(lkt.ID(cid)) || fid(cid) != cid {
		return "", false
	}
	return lkt.ID(cid), true
}

// Find returns the resource typ/id of community c's export at instant at,
// and its entry's fullUrl.
func Find(c *lkt.Community, at time.Time, opt Options, typ, id string) (BundleEntry, bool) {
	x := newExporter(c, at, opt)
	x.all()
	return x.find(typ, id)
}

func (x *exporter) find(typ, id string) (BundleEntry, bool) {
	want := x.base + "/" + typ + "/" + id
	for _, e := range x.entries {
		if e.FullURL == want {
			return e, true
		}
	}
	return BundleEntry{}, false
}

// OfType returns the entries of community c's export at instant at whose
// resource is of type typ, in the export's order.
func OfType(c *lkt.Community, at time.Time, opt Options, typ string) []BundleEntry {
	x := newExporter(c, at, opt)
	x.all()
	var out []BundleEntry
	prefix := x.base + "/" + typ + "/"
	for _, e := range x.entries {
		if strings.HasPrefix(e.FullURL, prefix) {
			out = append(out, e)
		}
	}
	return out
}

// PlanVersions returns every revision of community c's plan as a version of
// its main CarePlan, newest first: meta.versionId is the revision's number,
// meta.lastUpdated its last change, and the status each revision has as
// the community stands at instant at (the one in force active, earlier
// agreed ones revoked, later ones draft). None when no plan was drafted.
func PlanVersions(c *lkt.Community, at time.Time, opt Options) []CarePlan {
	x := newExporter(c, at, opt)
	revs := x.s.Plans
	out := make([]CarePlan, 0, len(revs))
	for _, r := range slices.Backward(revs) {
		out = append(out, x.carePlan(r))
	}
	return out
}

// PlanVersion returns revision no of community c's plan as that version of
// its main CarePlan.
func PlanVersion(c *lkt.Community, at time.Time, opt Options, no int) (CarePlan, bool) {
	x := newExporter(c, at, opt)
	for _, r := range x.s.Plans {
		if r.No == no {
			return x.carePlan(r), true
		}
	}
	return CarePlan{}, false
}

// PlanHistory is the history Bundle of community c's main CarePlan: every
// version, newest first, each with the request that made it (the first a
// POST, later ones a PUT, as FHIR's history says for a resource created and
// then updated) and its outcome.
func PlanHistory(c *lkt.Community, at time.Time, opt Options, self string) Bundle {
	x := newExporter(c, at, opt)
	versions := PlanVersions(c, at, opt)
	b := Bundle{ResourceType: "Bundle", Type: "history", Timestamp: instant(at), Total: ptr(len(versions)),
		Link: []BundleLink{{Relation: "self", URL: self}}}
	for _, v := range versions {
		method, url, status := "PUT", "CarePlan/"+v.ID, "200 OK"
		if v.Meta.VersionID == "1" {
			method, url, status = "POST", "CarePlan", "201 Created"
		}
		b.Entry = append(b.Entry, BundleEntry{FullURL: x.base + "/CarePlan/" + v.ID, Resource: v,
			Request:  &BundleRequest{Method: method, URL: url},
			Response: &BundleResponse{Status: status, LastModified: v.Meta.LastUpdated}})
	}
	return b
}

// SearchSet is the Bundle answering a search: the matches, then any
// OperationOutcome saying what was left out and why (search mode
// "outcome").
func SearchSet(at time.Time, self string, matches []BundleEntry, outcome *OperationOutcome) Bundle {
	b := Bundle{ResourceType: "Bundle", Type: "searchset", Timestamp: instant(at), Total: ptr(len(matches)),
		Link: []BundleLink{{Relation: "self", URL: self}}}
	for _, m := range matches {
		m.Search = &BundleSearch{Mode: "match"}
		b.Entry = append(b.Entry, m)
	}
	if outcome != nil && len(outcome.Issue) > 0 {
		b.Entry = append(b.Entry, BundleEntry{Resource: outcome, Search: &BundleSearch{Mode: "outcome"}})
	}
	return b
}

// OperationOutcome is FHIR's error (and warning) report.
type OperationOutcome struct {
	ResourceType string         `json:"resourceType"`
	Issue        []OutcomeIssue `json:"issue"`
}

// OutcomeIssue is one issue: severity fatal, error, warning or
// information; code from FHIR's issue-type list; the message as
// details.text and diagnostics; expression naming the element or
// parameter.
type OutcomeIssue struct {
	Severity    string           `json:"severity"`
	Code        string           `json:"code"`
	Details     *CodeableConcept `json:"details,omitempty"`
	Diagnostics string           `json:"diagnostics,omitempty"`
	Expression  []string         `json:"expression,omitempty"`
}

// Outcome returns an OperationOutcome of one issue.
func Outcome(severity, code, text string, expression ...string) *OperationOutcome {
	return &OperationOutcome{ResourceType: "OperationOutcome", Issue: []OutcomeIssue{Issue(severity, code, text, expression...)}}
}

// Issue returns one issue of an OperationOutcome.
func Issue(severity, code, text string, expression ...string) OutcomeIssue {
	i := OutcomeIssue{Severity: severity, Code: code, Expression: expression}
	if text != "" {
		i.Details = &CodeableConcept{Text: text}
	}
	return i
}
