package http

import (
	"net/http"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// addRoutes registers every route the server answers: the whole surface,
// in one place. The OpenAPI document (openapi.go) describes each of them,
// and a test keeps the two in step.
func (s *server) addRoutes(mux *http.ServeMux) {
	handle := func(pattern string, h http.Handler) { s.handle(mux, pattern, h) }

	// Operations.
	handle("GET /healthz", s.handleHealthz())
	handle("GET /readyz", s.handleReadyz())
	handle("GET /openapi.json", s.handleOpenAPI())

	// Communities and portfolio queries.
	handle("GET /api/communities", s.handleList())
	handle("POST /api/communities", s.handleCreate())
	handle("GET /api/communities/{id}", s.handleGet())
	handle("GET /api/communities/{id}/summary", s.handleSummary())
	handle("GET /api/communities/{id}/story", s.handleStory())
	handle("GET /api/communities/{id}/members", s.handleMembers())
	handle("GET /api/communities/{id}/events", s.handleHistory())
	handle("GET /api/communities/{id}/audit", s.handleAudit())
	handle("GET /api/agenda", s.handleCoordinatorAgenda())
	handle("GET /api/feed", s.handleFeed())

	// Plan (D) and execution (E).
	handle("GET /api/communities/{id}/plan", s.handlePlan())
	handle("GET /api/communities/{id}/plan/revisions/{no}", s.handlePlanRevision())
	handle("GET /api/communities/{id}/plan.html", s.handlePlanDocument(lkt.PlanHTML))
	handle("GET /api/communities/{id}/plan.txt", s.handlePlanDocument(lkt.PlanText))
	handle("GET /api/communities/{id}/plan.pdf", s.handlePlanPDF())
	handle("GET /api/communities/{id}/execution", s.handleExecution())
	handle("GET /api/communities/{id}/agenda", s.handleAgenda())

	// Actor map (B): data, pictures, risks, scenarios and comparisons.
	handle("GET /api/communities/{id}/actormap", s.handleActorMap())
	handle("GET /api/communities/{id}/actormap.svg", s.handleActorMapPicture(formatSVG))
	handle("GET /api/communities/{id}/actormap.dot", s.handleActorMapPicture(formatDOT))
	handle("GET /api/communities/{id}/actormap/risks", s.handleRisks())
	handle("POST /api/communities/{id}/actormap/scenario", s.handleScenario(""))
	handle("POST /api/communities/{id}/actormap/scenario.svg", s.handleScenario(formatSVG))
	handle("POST /api/communities/{id}/actormap/comparison", s.handleComparison(""))
	handle("POST /api/communities/{id}/actormap/comparison.svg", s.handleComparison(formatSVG))

	// Commands: one route per domain command, the body the command itself.
	// Consent.
	handle("POST /api/communities/{id}/commands/GiveConsent", handleCommand[lkt.GiveConsent](s))
	handle("POST /api/communities/{id}/commands/WithdrawConsent", handleCommand[lkt.WithdrawConsent](s))
	handle("POST /api/communities/{id}/commands/AssessCapacity", handleCommand[lkt.AssessCapacity](s))
	handle("POST /api/communities/{id}/commands/RecordCareDecision", handleCommand[lkt.RecordCareDecision](s))
	// A: the patient's story.
	handle("POST /api/communities/{id}/commands/ReviseStory", handleCommand[lkt.ReviseStory](s))
	handle("POST /api/communities/{id}/commands/ConfirmStory", handleCommand[lkt.ConfirmStory](s))
	// B: members and mandatory roles.
	handle("POST /api/communities/{id}/commands/AddMember", handleCommand[lkt.AddMember](s))
	handle("POST /api/communities/{id}/commands/UpdateMember", handleCommand[lkt.UpdateMember](s))
	handle("POST /api/communities/{id}/commands/ChangeMemberStatus", handleCommand[lkt.ChangeMemberStatus](s))
	handle("POST /api/communities/{id}/commands/AssignRole", handleCommand[lkt.AssignRole](s))
	// B: the actor map's lines of communication, placements and perspectives.
	handle("POST /api/communities/{id}/commands/AddTie", handleCommand[lkt.AddTie](s))
	handle("POST /api/communities/{id}/commands/RemoveTie", handleCommand[lkt.RemoveTie](s))
	handle("POST /api/communities/{id}/commands/PlaceActors", handleCommand[lkt.PlaceActors](s))
	handle("POST /api/communities/{id}/commands/RecordPerspective", handleCommand[lkt.RecordPerspective](s))
	// C: coordinator and mandate.
	handle("POST /api/communities/{id}/commands/AppointCoordinator", handleCommand[lkt.AppointCoordinator](s))
	handle("POST /api/communities/{id}/commands/AnchorMandate", handleCommand[lkt.AnchorMandate](s))
	// Inclusion and lifecycle.
	handle("POST /api/communities/{id}/commands/RecordInclusion", handleCommand[lkt.RecordInclusion](s))
	handle("POST /api/communities/{id}/commands/Activate", handleCommand[lkt.Activate](s))
	handle("POST /api/communities/{id}/commands/Pause", handleCommand[lkt.Pause](s))
	handle("POST /api/communities/{id}/commands/Resume", handleCommand[lkt.Resume](s))
	handle("POST /api/communities/{id}/commands/Close", handleCommand[lkt.Close](s))
	// D: the plan for collaboration.
	handle("POST /api/communities/{id}/commands/DraftPlan", handleCommand[lkt.DraftPlan](s))
	handle("POST /api/communities/{id}/commands/RevisePlan", handleCommand[lkt.RevisePlan](s))
	handle("POST /api/communities/{id}/commands/AcceptPlan", handleCommand[lkt.AcceptPlan](s))
	handle("POST /api/communities/{id}/commands/AgreePlan", handleCommand[lkt.AgreePlan](s))
	// E: execution — phases and their measures, stays, meetings, the log.
	handle("POST /api/communities/{id}/commands/SetPhase", handleCommand[lkt.SetPhase](s))
	handle("POST /api/communities/{id}/commands/CompleteMeasure", handleCommand[lkt.CompleteMeasure](s))
	handle("POST /api/communities/{id}/commands/RecordAdmission", handleCommand[lkt.RecordAdmission](s))
	handle("POST /api/communities/{id}/commands/RecordDischarge", handleCommand[lkt.RecordDischarge](s))
	handle("POST /api/communities/{id}/commands/RecordMeeting", handleCommand[lkt.RecordMeeting](s))
	handle("POST /api/communities/{id}/commands/RecordActivity", handleCommand[lkt.RecordActivity](s))
	handle("POST /api/communities/{id}/commands/CompleteDecision", handleCommand[lkt.CompleteDecision](s))
	handle("POST /api/communities/{id}/commands/RecordDeviation", handleCommand[lkt.RecordDeviation](s))
	handle("POST /api/communities/{id}/commands/ActOnDeviation", handleCommand[lkt.ActOnDeviation](s))
	handle("POST /api/communities/{id}/commands/RecordEvaluation", handleCommand[lkt.RecordEvaluation](s))
	handle("POST /api/communities/{id}/commands/AdvanceCycle", handleCommand[lkt.AdvanceCycle](s))

	handle("/api/", s.notFoundAPI(mux))

	// FHIR R4, read-only (fhir.go; what is offered: adapters/fhir's doc).
	handle("GET /fhir/metadata", s.handleFHIRMetadata())
	handle("GET /fhir/Patient/{id}", s.handleFHIRPatient())
	handle("GET /fhir/Patient/{id}/$everything", s.handleFHIREverything())
	handle("GET /fhir/CareTeam", s.handleFHIRSearch("CareTeam"))
	handle("GET /fhir/CareTeam/{id}", s.handleFHIRRead("CareTeam"))
	handle("GET /fhir/EpisodeOfCare/{id}", s.handleFHIRRead("EpisodeOfCare"))
	handle("GET /fhir/Goal/{id}", s.handleFHIRRead("Goal"))
	handle("GET /fhir/Consent", s.handleFHIRSearch("Consent"))
	handle("GET /fhir/Consent/{id}", s.handleFHIRRead("Consent"))
	handle("GET /fhir/CarePlan", s.handleFHIRSearch("CarePlan"))
	handle("GET /fhir/CarePlan/{id}", s.handleFHIRRead("CarePlan"))
	handle("GET /fhir/CarePlan/{id}/_history", s.handleFHIRPlanHistory())
	handle("GET /fhir/CarePlan/{id}/_history/{vid}", s.handleFHIRPlanVersion())
	handle("/fhir/", s.notFoundFHIR(mux))

	// Browser sign-in at an identity provider, and sign-out (signin.go).
	handle("POST /signout", s.signOut())
	handle("GET /signin/{provider}", s.signInBegin())
	handle("GET /signin/{provider}/callback", s.signInCallback())
	handle("POST /signin/{provider}/logout", s.signInLogout())

	// Pages, if any, mount their own routes (Deps.Pages).
	if s.pages != nil {
		s.pages.Mount(&Host{s: s, mux: mux})
	}
}
