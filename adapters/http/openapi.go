package http

import (
	"encoding/json"
	"net/http"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
)

// The OpenAPI 3.1 document is assembled from the operation table below;
// request and response schemas are derived from the Go types the handlers
// decode and encode, so they cannot drift from the code. A test checks that
// the table and the routes registered in routes.go name the same
// operations.

// opDoc describes one operation.
type opDoc struct {
	key     string // "METHOD /path", as registered
	id      string
	summary string
	desc    string
	tag     string
	query   []paramDoc
	body    any    // request body type, or nil
	form    bool   // the body is an HTML form
	resp    any    // JSON success response type, or nil
	media   string // success media type other than JSON
	status  int    // success status; 200 if zero
	public  bool   // no authentication
	write   bool   // requires If-Match, answers a new ETag
	etag    bool   // answers an ETag
	// fhirType is the FHIR resource type a FHIR operation answers.
	fhirType string
}

// paramBounds are the documented bounds of integer query parameters: a
// value outside them is refused with 400 naming the parameter.
var paramBounds = map[string][2]int{"limit": {0, lkt.MaxPage}, "wait": {0, MaxFeedWait}}

type paramDoc struct {
	name, typ, desc string
}

var pageParamsDoc = []paramDoc{
	{"after", "integer", "Cursor: only entries with a greater sequence number."},
	{"limit", "integer", "Page size, 1 to 500 (default 500)."},
}

// commandDocs lists the commands the API accepts, with what each is for.
var commandDocs = []struct {
	cmd       lkt.Command
	tag, desc string
}{
	{lkt.GiveConsent{}, "consent", "Record that consent was given for community sharing: by the patient or a representative in person (givenBy is themself), or on their word by the coordinator (the founder before one is appointed) or a system configured with record-on-behalf, with the evidence it rests on (signed form, digital consent with its system and reference, or verbal with a named witness), marked as recorded on behalf. A patient consenting for themself (from 16) names in relatives the relatives who take part; the others no longer read. Giving consent again renews it (for instance when a child turns 16); after a withdrawal only the patient's side in person, or evidence dated after the withdrawal, restores sharing."},
	{lkt.WithdrawConsent{}, "consent", "Withdraw consent: from now nothing more is shared; nothing recorded is deleted. In person by the patient's side, or on their word by the coordinator or a system configured for it, with evidence."},
	{lkt.AssessCapacity{}, "consent", "Record a health professional's assessment of the patient's capacity to consent (a member verified as health personnel; every assessment is kept)."},
	{lkt.RecordCareDecision{}, "consent", "Record a decision under the patients' rights act § 4-6: for an adult who lacks capacity and has no legal representative, the responsible health professional decides after hearing the next of kin; the community works on it (consent state care-decision)."},
	{lkt.ReviseStory{}, "story (A)", "Add a revision of the patient's story, \"my good day\" (element A). Every revision is kept. The patient's side writes it; on their word only the coordinator or a system configured with record-on-behalf records it, with evidence, and it is pending until the patient's side confirms it."},
	{lkt.ConfirmStory{}, "story (A)", "The patient or a representative confirms a story revision recorded on their behalf: it becomes the current story."},
	{lkt.AddMember{}, "members (B)", "Add a person to the actor community."},
	{lkt.UpdateMember{}, "members (B)", "Change a member's details."},
	{lkt.ChangeMemberStatus{}, "members (B)", "Mark a member active, on leave, leaving on a date, or left; a holder of a mandatory role names a successor."},
	{lkt.AssignRole{}, "members (B)", "Assign the mandatory role GP, contact physician/psychologist or internal coordinator to a member."},
	{lkt.AddTie{}, "actor map (B)", "Add a line of communication (existing or planned) between two actors, or an actor and the patient."},
	{lkt.RemoveTie{}, "actor map (B)", "Remove a line of communication."},
	{lkt.PlaceActors{}, "actor map (B)", "Place actors by proximity to the patient in a named situation or phase."},
	{lkt.RecordPerspective{}, "actor map (B)", "Record the map as one member (or the patient) sees it, for comparison."},
	{lkt.AppointCoordinator{}, "coordinator (C)", "Appoint the coordinator and leader (element C): the role, with its authority to intervene; the mandate's tasks in the community's words are agreed in the plan (sections.roles.mandate)."},
	{lkt.AnchorMandate{}, "coordinator (C)", "Record the line manager's acknowledgement of the coordinator's role (ledelsesforankring)."},
	{lkt.RecordInclusion{}, "lifecycle", "Record that an inclusion criterion (report 8.3) is met."},
	{lkt.Activate{}, "lifecycle", "Activate the community once consent, the four mandatory roles, the anchored mandate and inclusion are in place."},
	{lkt.Pause{}, "lifecycle", "Put an active community on hold."},
	{lkt.Resume{}, "lifecycle", "Make a paused community active again."},
	{lkt.Close{}, "lifecycle", "Close the community for good; everything recorded is kept."},
	{lkt.DraftPlan{}, "plan (D)", "Draft the community's first plan for collaboration."},
	{lkt.RevisePlan{}, "plan (D)", "Draft a new revision of the plan; the agreed revision stays in force until the new one is agreed."},
	{lkt.AcceptPlan{}, "plan (D)", "Record a party's acceptance of the newest revision: acceptedBy names whose (your own id for your own), lineManager the line manager's, or leader the acceptance of a leader the plan names (sections.roles.leaders), recorded by the coordinator on their word with evidence; an empty one is refused (rule accepted-by-required)."},
	{lkt.AgreePlan{}, "plan (D)", "Make the newest revision the plan in force, once every party — each leader the plan names included (rule leader-acceptance-missing) — has accepted and the framework's preconditions hold."},
	{lkt.SetPhase{}, "execution (E)", "Move the patient to green, yellow or red. Moving to yellow or red activates that phase's contingency measures: the answer's execution.openMeasures says who must do what, by when."},
	{lkt.CompleteMeasure{}, "execution (E)", "Record that an activated contingency measure is done."},
	{lkt.RecordAdmission{}, "execution (E)", "Record a hospital admission (elective or acute)."},
	{lkt.RecordDischarge{}, "execution (E)", "Record a discharge from hospital."},
	{lkt.RecordMeeting{}, "execution (E)", "Record a collaboration meeting with its decisions."},
	{lkt.RecordActivity{}, "execution (E)", "Log an annual-wheel activity as done or missed."},
	{lkt.CompleteDecision{}, "execution (E)", "Record that a meeting's decision is done."},
	{lkt.RecordDeviation{}, "execution (E)", "Record a deviation: something agreed that did not happen."},
	{lkt.ActOnDeviation{}, "execution (E)", "Record what was done about a deviation."},
	{lkt.RecordEvaluation{}, "execution (E)", "Record the evaluation of the plan for one of its dates."},
	{lkt.AdvanceCycle{}, "execution (E)", "Move the improvement cycle (prepare, plan, do, evaluate, follow up) to a stage."},
}

func operations() []opDoc {
	ops := []opDoc{
		{key: "GET /healthz", id: "healthz", summary: "Liveness probe", tag: "operations", resp: Health{}, public: true},
		{key: "GET /readyz", id: "readyz", summary: "Readiness probe", desc: "503 while the store does not answer, its last write failed for want of room or a lock (SQLite), or the server is shutting down.", tag: "operations", resp: Health{}, public: true},
		{key: "GET /openapi.json", id: "openapi", summary: "This document", tag: "operations", media: "application/json", public: true},

		{key: "GET /api/communities", id: "listCommunities", summary: "Portfolio query",
			desc: "The communities the caller belongs to, as a member or as the patient (a system sees all), filtered. A coordinator's portfolio: ?coordinator=<own id>.",
			tag:  "communities", resp: lkt.Page{}, query: []paramDoc{
				{"municipality", "string", "Only this municipality."},
				{"coordinator", "string", "Only communities this member coordinates."},
				{"member", "string", "Only communities this person belongs to, as a member or as the patient (persons: themselves only)."},
				{"status", "string", "draft, active, paused or closed."},
				{"vacantRole", "boolean", "Only communities with a mandatory role vacant today."},
				{"consentWithdrawn", "boolean", "Only communities whose consent is withdrawn."},
				{"after", "string", "Cursor: only communities with a greater id (the previous page's next)."},
				{"redPhase", "boolean", "Only communities whose patient is in the red phase."},
				{"overdueEvaluation", "boolean", "Only communities whose plan's evaluation is overdue."},
				{"dueBefore", "string", "Only communities with something open due before this time (RFC 3339) or date."},
				{"limit", "integer", "Page size, 1 to 500 (default 50)."},
			}},
		{key: "POST /api/communities", id: "createCommunity", summary: "Create a community", desc: "Starts a community in draft; the founder becomes its first member. 409 if the id exists.",
			tag: "communities", body: lkt.NewCommunity{}, resp: CommunityView{}, status: http.StatusCreated, etag: true},
		{key: "GET /api/communities/{id}", id: "getCommunity", summary: "Read a community", desc: "The whole community with consent state, readiness and warnings. The ETag is the version to send in If-Match.",
			tag: "communities", resp: CommunityView{}, etag: true},
		{key: "GET /api/communities/{id}/summary", id: "getSummary", summary: "Read a community's summary", desc: "Any member may read it even without consent; the patient's name is left out then.",
			tag: "communities", resp: lkt.Summary{}, etag: true},
		{key: "GET /api/communities/{id}/story", id: "getStory", summary: "Every revision of the patient's story (A)", tag: "story (A)", resp: []lkt.StoryRevision{}, etag: true},
		{key: "GET /api/communities/{id}/members", id: "getMembers", summary: "Every member, including those who left (B)", tag: "members (B)", resp: []lkt.Member{}, etag: true},
		{key: "GET /api/communities/{id}/events", id: "getHistory", summary: "History: the events recorded", tag: "history and audit", resp: EventPage{}, query: pageParamsDoc},
		{key: "GET /api/communities/{id}/audit", id: "getAudit", summary: "Audit trail: who read and changed what, when",
			desc: "The patient, their representatives, the coordinator and systems may read it.", tag: "history and audit", resp: AuditPage{}, query: pageParamsDoc},

		{key: "GET /api/feed", id: "getFeed", summary: "The change feed: every event across communities, in order",
			desc: "For systems configured with the read-feed right. Follow it by passing each page's next as after; entries come once each, every community's in order. " +
				"Events of a community whose consent does not let a system read it (withdrawn, or not yet given) come as type Withheld, with the community, seq and consent state only. " +
				"With wait=n the answer waits up to n seconds (at most 30; more is a 400 naming wait) for an entry after the cursor. A cursor the feed did not hand out is a 422 naming after. " +
				"Every community in a page gets a read audit entry (operation Feed).",
			tag: "history and audit", resp: FeedPage{}, query: []paramDoc{
				{"after", "string", "The cursor to continue from: the previous page's next (none: the start of the feed)."},
				{"limit", "integer", "Page size, 1 to 500 (default 50)."},
				{"wait", "integer", "Seconds to wait for an entry when there is none yet, 0 to 30 (default 0)."},
			}},
		{key: "GET /api/agenda", id: "getCoordinatorAgenda", summary: "A coordinator's agenda across their communities",
			desc: "For every community the caller coordinates with something open due before ?to= (default: a week from now): what is due, overdue, open decisions and active contingency measures.",
			tag:  "execution (E)", resp: []lkt.CommunityAgenda{}, query: []paramDoc{{"to", "string", "RFC 3339 time or a date (YYYY-MM-DD); default a week ahead."}}},
		{key: "GET /api/communities/{id}/plan", id: "getPlan", summary: "The plan's status, the revision in force and the draft (D)", tag: "plan (D)", resp: PlanView{}, etag: true},
		{key: "GET /api/communities/{id}/plan/revisions/{no}", id: "getPlanRevision", summary: "One revision of the plan, with who must accept it and what is missing",
			tag: "plan (D)", resp: RevisionView{}, etag: true},
		{key: "GET /api/communities/{id}/plan.html", id: "getPlanHTML", summary: "The plan written out as a printable page, for the patient to have in writing",
			tag: "plan (D)", media: "text/html", query: []paramDoc{{"revision", "integer", "The revision; default the plan in force."}}},
		{key: "GET /api/communities/{id}/plan.txt", id: "getPlanText", summary: "The plan written out as plain text",
			tag: "plan (D)", media: "text/plain", query: []paramDoc{{"revision", "integer", "The revision; default the plan in force."}}},
		{key: "GET /api/communities/{id}/plan.pdf", id: "getPlanPDF", summary: "The plan written out as a PDF to print and keep, in the language Accept-Language (or lang) asks for",
			tag: "plan (D)", media: "application/pdf", query: []paramDoc{{"revision", "integer", "The revision; default the plan in force."}}},
		{key: "GET /api/communities/{id}/execution", id: "getExecution", summary: "Execution (E): phase, open measures, what is due and overdue, the log",
			tag: "execution (E)", resp: ExecutionView{}, etag: true},
		{key: "GET /api/communities/{id}/agenda", id: "getAgenda", summary: "What is open in the community until ?to=",
			tag: "execution (E)", resp: []plan.Item{}, query: []paramDoc{{"to", "string", "RFC 3339 time or a date (YYYY-MM-DD); default a week ahead."}}},
		{key: "GET /api/communities/{id}/actormap", id: "getActorMap", summary: "The actor map as data (B)", tag: "actor map (B)", resp: actormap.Map{}, etag: true},
		{key: "GET /api/communities/{id}/actormap.svg", id: "getActorMapSVG", summary: "The actor map as SVG", tag: "actor map (B)", media: "image/svg+xml", etag: true,
			query: []paramDoc{{"situation", "string", "Place actors as in this named situation."}}},
		{key: "GET /api/communities/{id}/actormap.dot", id: "getActorMapDOT", summary: "The actor map as Graphviz DOT", tag: "actor map (B)", media: "text/vnd.graphviz", etag: true,
			query: []paramDoc{{"situation", "string", "Place actors as in this named situation."}}},
		{key: "GET /api/communities/{id}/actormap/risks", id: "getActorMapRisks", summary: "What is fragile on the map today", tag: "actor map (B)", resp: actormap.Analysis{}},
		{key: "POST /api/communities/{id}/actormap/scenario", id: "analyseScenario", summary: "Play a scenario through the map", desc: "Hypothetical: nothing is changed, no If-Match needed.",
			tag: "actor map (B)", body: actormap.Scenario{}, resp: ScenarioResult{}},
		{key: "POST /api/communities/{id}/actormap/scenario.svg", id: "drawScenario", summary: "Draw a scenario as SVG", tag: "actor map (B)", body: actormap.Scenario{}, media: "image/svg+xml"},
		{key: "POST /api/communities/{id}/actormap/comparison", id: "comparePerspectives", summary: "Compare two perspectives on the map",
			desc: "An empty perspective stands for the shared map. Nothing is changed.", tag: "actor map (B)", body: ComparisonRequest{}, resp: ComparisonResult{}},
		{key: "POST /api/communities/{id}/actormap/comparison.svg", id: "drawComparison", summary: "Draw a comparison as SVG", tag: "actor map (B)", body: ComparisonRequest{}, media: "image/svg+xml"},

		{key: "POST /signout", id: "signOut", summary: "Sign out", desc: "Revokes the session; a provider's sign-in goes on to the provider's logout.", tag: "browser sign-in", form: true, media: "text/html", status: http.StatusSeeOther, public: true},
		{key: "GET /signin/{provider}", id: "signInBegin", summary: "Sign in at an identity provider (OpenID Connect)", tag: "browser sign-in", media: "text/html", status: http.StatusFound, public: true},
		{key: "GET /signin/{provider}/callback", id: "signInCallback", summary: "The identity provider's answer: starts a session", tag: "browser sign-in", media: "text/html", status: http.StatusSeeOther, public: true},
		{key: "POST /signin/{provider}/logout", id: "signInLogout", summary: "OpenID Connect back-channel logout: ends the sessions the logout token names", tag: "browser sign-in", form: true, media: "application/json", public: true},
	}
	ops = append(ops, fhirOperations()...)
	for _, c := range commandDocs {
		name := c.cmd.CommandName()
		ops = append(ops, opDoc{
			key: "POST /api/communities/{id}/commands/" + name, id: lowerFirst(name), summary: name, tag: c.tag,
			desc: c.desc + " Answers the community as saved, with its new ETag.",
			body: c.cmd, resp: CommunityView{}, write: true,
		})
	}
	return ops
}

func lowerFirst(s string) string { return strings.ToLower(s[:1]) + s[1:] }

var openAPIDoc = sync.OnceValue(func() []byte {
	b, err := json.MarshalIndent(buildOpenAPI(), "", "  ")
	if err != nil {
		panic(err)
	}
	return b
})

func (s *server) handleOpenAPI() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := openAPIDoc()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		_, _ = w.Write(b)
	})
}

// OpenAPI returns the OpenAPI 3.1 document of the server's API.
func OpenAPI() []byte { return slices.Clone(openAPIDoc()) }

type obj = map[string]any

var tagDescriptions = map[string]string{
	"operations":        "Health probes and this document.",
	"communities":       "Actor communities and portfolio queries.",
	"story (A)":         "Element A: the patient's story, \"my good day\", a living document with every revision kept.",
	"members (B)":       "Element B: the members of the actor community and the four mandatory roles.",
	"history and audit": "The events every change recorded, and who read and changed what, when.",
	"actor map (B)":     "Element B: the actor map as data, SVG and Graphviz DOT; risks, scenarios and comparisons of perspectives.",
	"consent":           "Consent to community sharing: given, renewed, withdrawn; capacity to consent.",
	"coordinator (C)":   "Element C: the coordinator and leader, the mandate and its anchoring with the line manager.",
	"lifecycle":         "Inclusion, activation, pause, resumption and closing.",
	"plan (D)":          "Element D: the plan for collaboration, its revisions, acceptances and agreement, and the written plan.",
	"execution (E)":     "Element E: phases and the contingency measures they activate, hospital stays, meetings, decisions, deviations, evaluations and the improvement cycle.",
	"fhir":              "HL7 FHIR R4, read-only: the community's own data as a FHIR server would serve it (adapters/fhir's mapping, HL7 Norway's no-basis profiles), with the same authorisation, consent and audit as every read. Answers are application/fhir+json; errors are OperationOutcome. What is offered of IHE Dynamic Care Planning's Care Plan Service is in GET /fhir/metadata.",
	"browser sign-in":   "A browser's sign-in at an identity provider (OpenID Connect), which starts a server-side session held by a cookie, and its sign-out. Web pages served beside the API (Deps.Pages) are not part of this document.",
}

var pathParam = regexp.MustCompile(`\{([A-Za-z]+)\}`)

func buildOpenAPI() obj {
	g := &schemaGen{schemas: obj{}, names: map[string]reflect.Type{}}
	problemRef := g.ref(reflect.TypeFor[Problem]())
	paths := obj{}
	tags := []string{}
	for _, op := range operations() {
		method, p, _ := strings.Cut(op.key, " ")
		p = strings.ReplaceAll(p, "{$}", "")
		if !slices.Contains(tags, op.tag) {
			tags = append(tags, op.tag)
		}
		o := obj{"operationId": op.id, "summary": op.summary, "tags": []string{op.tag}}
		if op.desc != "" {
			o["description"] = op.desc
		}
		var params []obj
		isFHIR := op.tag == fhirTag
		for _, m := range pathParam.FindAllStringSubmatch(p, -1) {
			if isFHIR {
				what := "The resource's logical id."
				if m[1] == "vid" {
					what = "The version: the plan revision's number."
				}
				params = append(params, obj{"name": m[1], "in": "path", "required": true, "schema": obj{"type": "string"}, "description": what})
				continue
			}
			if m[1] == "provider" {
				params = append(params, obj{"name": m[1], "in": "path", "required": true, "schema": obj{"type": "string"}, "description": "The identity provider's name (its sign-in is at /signin/{provider})."})
				continue
			}
			if m[1] == "no" {
				params = append(params, obj{"name": m[1], "in": "path", "required": true, "schema": obj{"type": "integer"}, "description": "The revision's number."})
				continue
			}
			params = append(params, obj{"name": m[1], "in": "path", "required": true, "schema": obj{"type": "string"},
				"description": "The community's id."})
		}
		for _, q := range op.query {
			schema := obj{"type": q.typ}
			if b, ok := paramBounds[q.name]; ok && q.typ == "integer" {
				schema["minimum"], schema["maximum"] = b[0], b[1]
			}
			params = append(params, obj{"name": q.name, "in": "query", "schema": schema, "description": q.desc})
		}
		if op.write {
			params = append(params, obj{"name": "If-Match", "in": "header", "required": true, "schema": obj{"type": "string"},
				"description": `The ETag of the version the change is made to, e.g. "7"; * for whatever is current. A stale version answers 412 and changes nothing.`},
				obj{"name": "Idempotency-Key", "in": "header", "required": false, "schema": obj{"type": "string", "minLength": 1, "maxLength": lkt.MaxIdempotencyKey},
					"description": "A key of the client's choosing (a UUID, say) naming this one command. Sent again within 24 hours (lkt.IdempotencyWindow) — a retry after a lost answer — the command is not applied again: the answer is 200 with the first answer — the community as the command left it, its version as ETag — and Idempotency-Replayed: true (the community as it is now if consent has changed since; a reader who may no longer read is refused), even if If-Match names the version before the first attempt. The same key with another command answers 409 (rule idempotency-key-reused)."})
		}
		if len(params) > 0 {
			o["parameters"] = params
		}
		switch {
		case op.form:
			o["requestBody"] = obj{"required": true, "content": obj{"application/x-www-form-urlencoded": obj{"schema": obj{"type": "object"}}}}
		case op.body != nil:
			o["requestBody"] = obj{"required": true, "content": obj{"application/json": obj{"schema": g.schema(reflect.TypeOf(op.body))}}}
		}
		status := op.status
		if status == 0 {
			status = http.StatusOK
		}
		okResp := obj{"description": http.StatusText(status)}
		switch {
		case op.resp != nil:
			okResp["content"] = obj{"application/json": obj{"schema": g.schema(reflect.TypeOf(op.resp))}}
		case isFHIR:
			okResp["content"] = obj{fhirMedia: obj{"schema": obj{"type": "object", "description": "A FHIR R4 " + op.fhirType + ".",
				"required": []string{"resourceType"}, "properties": obj{"resourceType": obj{"const": op.fhirType}}}}}
		case op.media != "" && status != http.StatusSeeOther:
			okResp["content"] = obj{op.media: obj{"schema": obj{"type": "string"}}}
		}
		if op.etag || op.write {
			okResp["headers"] = obj{"ETag": obj{"description": "The community's version.", "schema": obj{"type": "string"}}}
		}
		if status == http.StatusSeeOther {
			okResp["headers"] = obj{"Location": obj{"description": "Where the browser goes next.", "schema": obj{"type": "string"}}}
		}
		responses := obj{strconv.Itoa(status): okResp}
		problem := func(code int, what string) {
			responses[strconv.Itoa(code)] = obj{"description": what, "content": obj{"application/problem+json": obj{"schema": problemRef}}}
			if isFHIR {
				responses[strconv.Itoa(code)] = obj{"description": what + " As an OperationOutcome.", "content": obj{fhirMedia: obj{"schema": outcomeSchema}}}
			}
		}
		if op.tag != "operations" {
			if !op.public {
				problem(401, "Not signed in.")
				problem(429, "This client failed authentication too often: wait Retry-After seconds (code too_many_failures).")
				problem(403, "Not allowed, or no active consent covers it (code forbidden or consent_required).")
			}
			switch {
			case isFHIR && strings.Contains(p, "{id}"):
				problem(404, "No such resource, or none the caller's communities hold.")
			case strings.Contains(p, "{id}"):
				problem(404, "No community with this id.")
			}
			if op.body != nil || op.form || len(op.query) > 0 {
				problem(400, "Malformed request: not JSON, wrong types, unknown fields, trailing data, bad parameters.")
			}
			if op.body != nil {
				problem(413, "Body too large.")
				problem(415, "Body is not application/json.")
				problem(422, "Invalid input: the field is named.")
			}
			if op.write || op.key == "POST /api/communities" {
				problem(409, "Conflict, or a rule of the framework is not met (code conflict or precondition_failed).")
			}
			if op.write {
				problem(412, "If-Match names an old version: someone else changed the community. Nothing was changed.")
				problem(428, "If-Match is missing.")
			}
			problem(500, "Internal error; details are logged, never sent.")
		} else if op.key == "GET /readyz" {
			responses["503"] = obj{"description": "Not ready.", "content": obj{"application/json": obj{"schema": g.schema(reflect.TypeFor[Health]())}}}
		}
		o["responses"] = responses
		if op.public {
			o["security"] = []obj{}
		}
		item, _ := paths[p].(obj)
		if item == nil {
			item = obj{}
			paths[p] = item
		}
		item[strings.ToLower(method)] = o
	}
	tagList := make([]obj, len(tags))
	for i, t := range tags {
		tagList[i] = obj{"name": t, "description": tagDescriptions[t]}
	}
	return obj{
		"openapi": "3.1.0",
		"info": obj{
			"title":       "go-lkt reference HTTP API",
			"version":     "0.1.0",
			"summary":     "Actor communities under the LKT framework for long-term and coordinated services.",
			"description": "Every change is a command applied at the version the client read (If-Match); errors are RFC 9457 problem documents carrying the domain's error code, the field or rule, and a message in the language of Accept-Language or ?lang=nb|nn|en (bokmål by default).",
			"license":     obj{"name": "See the repository", "url": "https://github.com/lkt-rammeverk/go-lkt"},
		},
		"servers":  []obj{{"url": "/"}},
		"tags":     tagList,
		"security": []obj{{"bearer": []string{}}, {"session": []string{}}},
		"paths":    paths,
		"components": obj{"schemas": g.schemas, "securitySchemes": obj{
			"bearer":  obj{"type": "http", "scheme": "bearer", "description": "A token the Authenticator accepts (demo: from the tokens file)."},
			"session": obj{"type": "apiKey", "in": "cookie", "name": SessionCookie, "description": "A browser session's cookie (see the browser sign-in)."},
		}},
	}
}

// schemaGen derives JSON Schemas from Go types, as encoding/json sees them.
type schemaGen struct {
	schemas obj
	names   map[string]reflect.Type
}

var timeType = reflect.TypeFor[time.Time]()

func (g *schemaGen) schema(t reflect.Type) obj {
	switch {
	case t == timeType:
		return obj{"type": "string", "format": "date-time"}
	case t == reflect.TypeFor[lkt.Event]():
		return g.eventSchema()
	}
	switch t.Kind() {
	case reflect.Pointer:
		return g.schema(t.Elem())
	case reflect.String:
		return obj{"type": "string"}
	case reflect.Bool:
		return obj{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return obj{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return obj{"type": "number"}
	case reflect.Slice, reflect.Array:
		return obj{"type": "array", "items": g.schema(t.Elem())}
	case reflect.Map:
		return obj{"type": "object", "additionalProperties": g.schema(t.Elem())}
	case reflect.Interface:
		return obj{}
	case reflect.Struct:
		if t.Name() == "" {
			return g.structSchema(t)
		}
		return g.ref(t)
	}
	return obj{}
}

func (g *schemaGen) ref(t reflect.Type) obj {
	name := t.Name()
	if prev, ok := g.names[name]; ok && prev != t {
		name = path.Base(t.PkgPath()) + name
	}
	if _, done := g.schemas[name]; !done {
		g.names[name] = t
		g.schemas[name] = obj{} // placeholder against recursion
		g.schemas[name] = g.structSchema(t)
	}
	return obj{"$ref": "#/components/schemas/" + name}
}

func (g *schemaGen) structSchema(t reflect.Type) obj {
	props := obj{}
	var required []string
	g.fields(t, props, &required)
	s := obj{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func (g *schemaGen) fields(t reflect.Type, props obj, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			g.fields(f.Type, props, required)
			continue
		}
		if name == "" {
			name = f.Name
		}
		s := g.schema(f.Type)
		validate := f.Tag.Get("validate")
		rules := strings.Split(validate, ",")
		for j, rule := range rules {
			if rule == "dive" {
				rules = rules[:j] // the rest is about elements
				break
			}
		}
		for _, rule := range rules {
			k, v, _ := strings.Cut(rule, "=")
			switch {
			case k == "required":
				*required = append(*required, name)
			case k == "max" && s["type"] == "string":
				s["maxLength"], _ = strconv.Atoi(v)
			case k == "max" && s["type"] == "array":
				s["maxItems"], _ = strconv.Atoi(v)
			case k == "min" && s["type"] == "array":
				s["minItems"], _ = strconv.Atoi(v)
			case k == "oneof":
				s["enum"] = strings.Fields(v)
			}
		}
		props[name] = s
	}
}

func (g *schemaGen) eventSchema() obj {
	if _, ok := g.schemas["Event"]; !ok {
		g.schemas["Event"] = obj{"type": "object", "additionalProperties": false,
			"required": []string{"community", "seq", "at", "by", "type", "data"},
			"properties": obj{
				"community": obj{"type": "string"},
				"seq":       obj{"type": "integer", "description": "1, 2, 3 …: the community's version after the event."},
				"at":        obj{"type": "string", "format": "date-time"},
				"by":        g.ref(reflect.TypeFor[lkt.Principal]()),
				"type":      obj{"type": "string", "description": "The event's type, e.g. ConsentWithdrawn."},
				"data":      obj{"type": "object", "description": "The event's content; its shape depends on type."},
			}}
	}
	return obj{"$ref": "#/components/schemas/Event"}
}
