package fhir

// CapabilityStatement says what a FHIR server offers.
type CapabilityStatement struct {
	Resource
	URL            string                  `json:"url,omitempty"`
	Version        string                  `json:"version,omitempty"`
	Name           string                  `json:"name,omitempty"`
	Title          string                  `json:"title,omitempty"`
	Status         string                  `json:"status"`
	Date           string                  `json:"date"`
	Publisher      string                  `json:"publisher,omitempty"`
	Description    string                  `json:"description,omitempty"`
	Kind           string                  `json:"kind"`
	Software       *CapabilitySoftware     `json:"software,omitempty"`
	Implementation *CapabilityImplementing `json:"implementation,omitempty"`
	FHIRVersion    string                  `json:"fhirVersion"`
	Format         []string                `json:"format"`
	Rest           []CapabilityRest        `json:"rest,omitempty"`
}

// CapabilitySoftware names the software.
type CapabilitySoftware struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
}

// CapabilityImplementing names the instance: what it is and where.
type CapabilityImplementing struct {
	Description string `json:"description"`
	URL         string `json:"url,omitempty"`
}

// CapabilityRest is the RESTful side of the server.
type CapabilityRest struct {
	Mode          string               `json:"mode"`
	Documentation string               `json:"documentation,omitempty"`
	Security      *CapabilitySecurity  `json:"security,omitempty"`
	Resource      []CapabilityResource `json:"resource,omitempty"`
}

// CapabilitySecurity says how clients authenticate.
type CapabilitySecurity struct {
	Cors        *bool  `json:"cors,omitempty"`
	Description string `json:"description,omitempty"`
}

// CapabilityResource is what the server offers for one resource type.
type CapabilityResource struct {
	Type          string                `json:"type"`
	Profile       string                `json:"profile,omitempty"`
	Documentation string                `json:"documentation,omitempty"`
	Interaction   []CapabilityAct       `json:"interaction"`
	Versioning    string                `json:"versioning,omitempty"`
	ReadHistory   *bool                 `json:"readHistory,omitempty"`
	SearchParam   []CapabilityParam     `json:"searchParam,omitempty"`
	Operation     []CapabilityOperation `json:"operation,omitempty"`
}

// CapabilityAct is one interaction (read, vread, search-type,
// history-instance …).
type CapabilityAct struct {
	Code          string `json:"code"`
	Documentation string `json:"documentation,omitempty"`
}

// CapabilityParam is one search parameter.
type CapabilityParam struct {
	Name          string `json:"name"`
	Definition    string `json:"definition,omitempty"`
	Type          string `json:"type"`
	Documentation string `json:"documentation,omitempty"`
}

// CapabilityOperation is one operation, such as $everything.
type CapabilityOperation struct {
	Name       string `json:"name"`
	Definition string `json:"definition"`
}

// CapabilityDate is the date of this package's CapabilityStatement: the
// day what it states last changed.
const CapabilityDate = "2026-12-06"

func acts(codes ...string) []CapabilityAct {
	out := make([]CapabilityAct, len(codes))
	for i, c := range codes {
		out[i] = CapabilityAct{Code: c}
	}
	return out
}

func patientParams(resource string) []CapabilityParam {
	sp := "http://hl7.org/fhir/SearchParameter/"
	return []CapabilityParam{
		{Name: "_id", Definition: sp + "Resource-id", Type: "token"},
		{Name: "patient", Definition: sp + "clinical-patient", Type: "reference",
			Documentation: "Patient/<id> or <id>; chained as patient.identifier=<system>|<value> with the national identity number (" +
				SystemFNR + ") or D-number (" + SystemDNR + "), or the person id (" + MemberIDSystem + ")"},
		{Name: "subject", Definition: sp + resource + "-subject", Type: "reference", Documentation: "as patient (only patients are subjects here)"},
	}
}

// Capabilities returns the CapabilityStatement of the FHIR endpoint at
// base: the interactions of IHE Dynamic Care Planning's Care Plan Service
// that go-lkt offers, read-only (see the package documentation for which
// and why).
func Capabilities(base string) CapabilityStatement {
	versioned := ptr(true)
	consentParams := patientParams("Consent")[:2]
	return CapabilityStatement{
		Resource:    Resource{ResourceType: "CapabilityStatement", ID: "go-lkt"},
		URL:         Canonical + "/CapabilityStatement/go-lkt",
		Version:     "0.1.0",
		Name:        "GoLktCarePlanService",
		Title:       "go-lkt: the actor community as a read-only FHIR R4 Care Plan Service",
		Status:      "active",
		Date:        CapabilityDate,
		Publisher:   "go-lkt",
		Description: "Reads and searches one patient's collaboration under the LKT framework (actor community, coordinator, consent, the patient's own goal, the plan for collaboration and its revisions) as FHIR R4 resources on HL7 Norway's no-basis profiles. Changes go through the JSON API's commands, where the framework's rules are kept.",
		Kind:        "instance",
		Software:    &CapabilitySoftware{Name: "go-lkt", Version: "0.1.0"},
		Implementation: &CapabilityImplementing{Description: "go-lkt reference HTTP adapter, FHIR endpoint",
			URL: base},
		FHIRVersion: "4.0.1",
		Format:      []string{"application/fhir+json", "json"},
		Rest: []CapabilityRest{{
			Mode: "server",
			Documentation: "Read and search only, with the same authorisation, consent rules and audit as every read of the JSON API. " +
				"Modelled on IHE PCC Dynamic Care Planning's Care Plan Service; not offered: create, update, history-type, Subscription, " +
				"PlanDefinition/ActivityDefinition $apply and batch. An unknown search parameter is refused (400), never ignored.",
			Security: &CapabilitySecurity{Cors: ptr(false),
				Description: "A bearer token the server's authenticator accepts (HelseID or ID-porten through OpenID Connect, or configured system tokens)."},
			Resource: []CapabilityResource{
				{Type: "CarePlan", Interaction: acts("read", "vread", "search-type", "history-instance"), Versioning: "versioned", ReadHistory: versioned,
					Documentation: "The plan for collaboration (element D): one main CarePlan per community whose versions are the plan's revisions, and one per phase (green, yellow, red) partOf it.",
					SearchParam:   patientParams("CarePlan")},
				{Type: "CareTeam", Interaction: acts("read", "search-type"),
					Documentation: "The actor community (element B); its id is the community's.", SearchParam: patientParams("CareTeam")},
				{Type: "Consent", Interaction: acts("read", "search-type"),
					Documentation: "Each consent given, active or inactive (withdrawn, or renewed by a later one).", SearchParam: consentParams},
				{Type: "EpisodeOfCare", Interaction: acts("read"), Documentation: "The coordinator and leader (element C) as careManager."},
				{Type: "Goal", Interaction: acts("read"), Documentation: "The patient's own goal from their story (element A)."},
				{Type: "Patient", Profile: profileBase + "Patient", Interaction: acts("read"),
					Documentation: "The patient of the communities the caller may read.",
					Operation:     []CapabilityOperation{{Name: "everything", Definition: "http://hl7.org/fhir/OperationDefinition/Patient-everything"}}},
			},
		}},
	}
}
