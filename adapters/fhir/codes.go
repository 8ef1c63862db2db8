package fhir

import (
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Canonical is the base of the canonical URLs this project publishes.
const Canonical = "https://lkt-rammeverk.github.io/go-lkt/fhir"

// Code systems and identifier systems. The four Norwegian identifier
// systems are those of HL7 Norway's no-basis profiles.
const (
	// RoleSystem is the LKT role catalogue (package roles) as a CodeSystem
	// this project publishes (RoleCodeSystem); the four mandatory roles carry
	// the property mandatory = true.
	RoleSystem = Canonical + "/CodeSystem/lkt-role"
	// PlanSystem holds the plan's sections, the phases and the kinds of task.
	PlanSystem = Canonical + "/CodeSystem/lkt-plan"
	// SectorSystem holds the sectors and service levels (package roles).
	SectorSystem = Canonical + "/CodeSystem/lkt-sector"
	// MemberIDSystem identifies a person by the integrator's id in go-lkt.
	MemberIDSystem = Canonical + "/NamingSystem/person-id"
	// CommunityIDSystem identifies an actor community.
	CommunityIDSystem = Canonical + "/NamingSystem/community-id"
	// EvidenceSystem names the reference of the evidence an act recorded
	// on someone else's word rests on (an archive number, a journal note).
	EvidenceSystem = Canonical + "/NamingSystem/evidence-reference"
	// GrantorExtension is the extension on Consent saying in which capacity
	// the performer consented: patient, parental-responsibility or
	// legal-representative (lkt.Grantor).
	GrantorExtension = Canonical + "/StructureDefinition/consent-grantor"

	SystemFNR = "urn:oid:2.16.578.1.12.4.1.4.1"   // fødselsnummer
	SystemDNR = "urn:oid:2.16.578.1.12.4.1.4.2"   // D-nummer
	SystemHPR = "urn:oid:2.16.578.1.12.4.1.4.4"   // HPR-nummer
	SystemENH = "urn:oid:2.16.578.1.12.4.1.4.101" // organisasjonsnummer (Enhetsregisteret)

	profileBase = "http://hl7.no/fhir/ig/StructureDefinition/no-basis-"

	systemConsentScope    = "http://terminology.hl7.org/CodeSystem/consentscope"
	systemLOINC           = "http://loinc.org"
	systemActCode         = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
	systemActReason       = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
	systemParticipation   = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
	systemProvenanceAgent = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
	systemDataOperation   = "http://terminology.hl7.org/CodeSystem/v3-DataOperation"
	systemGoalCategory    = "http://terminology.hl7.org/CodeSystem/goal-category"
)

// Codes of PlanSystem.
const (
	codeParentalResponsibility = "parental-responsibility"

	sectionPatient       = "patient"
	sectionRoles         = "roles"
	sectionCommunication = "communication"
	sectionContingency   = "contingency"
	sectionAnnualWheel   = "annual-wheel"
	sectionDocumentation = "documentation"
	sectionEvaluation    = "evaluation"

	taskObligation  = "obligation"
	taskDecision    = "decision"
	taskMeasure     = "measure"
	codeWorkplace   = "workplace"
	codeWorksInHome = "works-in-home"

	codeCollaboration = "collaboration"
	codeOwnGoal       = "good-day"
)

// CodeSystem is the FHIR CodeSystem resource, as this project publishes
// its two.
type CodeSystem struct {
	Resource
	URL           string               `json:"url"`
	Version       string               `json:"version,omitempty"`
	Name          string               `json:"name"`
	Title         string               `json:"title,omitempty"`
	Status        string               `json:"status"`
	Experimental  bool                 `json:"experimental"`
	Publisher     string               `json:"publisher,omitempty"`
	Description   string               `json:"description,omitempty"`
	CaseSensitive bool                 `json:"caseSensitive"`
	Content       string               `json:"content"`
	Count         int                  `json:"count,omitempty"`
	Property      []CodeSystemProperty `json:"property,omitempty"`
	Concept       []Concept            `json:"concept"`
}

// CodeSystemProperty declares a property concepts carry.
type CodeSystemProperty struct {
	Code        string `json:"code"`
	Description string `json:"description,omitempty"`
	Type        string `json:"type"`
}

// Concept is one code.
type Concept struct {
	Code        string            `json:"code"`
	Display     string            `json:"display"`
	Definition  string            `json:"definition,omitempty"`
	Designation []Designation     `json:"designation,omitempty"`
	Property    []ConceptProperty `json:"property,omitempty"`
}

// Designation is a display in another language.
type Designation struct {
	Language string `json:"language"`
	Value    string `json:"value"`
}

// ConceptProperty is a property value of a concept.
type ConceptProperty struct {
	Code         string `json:"code"`
	ValueCode    string `json:"valueCode,omitempty"`
	ValueBoolean *bool  `json:"valueBoolean,omitempty"`
}

// RoleCodeSystem returns the LKT role catalogue as a CodeSystem: every role
// with its English display, bokmål and nynorsk designations, its kind and
// sector, and whether it is one of the four mandatory roles.
func RoleCodeSystem() CodeSystem {
	cs := CodeSystem{
		Resource: Resource{ResourceType: "CodeSystem", ID: "lkt-role"},
		URL:      RoleSystem, Version: "1", Name: "LKTRole", Title: "LKT roles", Status: "active", Publisher: "go-lkt",
		Description: "The roles of the LKT framework for long-term and coordinated services: the four mandatory roles " +
			"(property mandatory = true), the patient and relatives, and the professional and other actors.",
		CaseSensitive: true, Content: "complete",
		Property: []CodeSystemProperty{
			{Code: "mandatory", Description: "One of the four roles every actor community must have (true); absent on every other role", Type: "boolean"},
			{Code: "kind", Description: "mandatory, patient, relative or professional", Type: "code"},
			{Code: "sector", Description: "The sector or service level the role belongs to", Type: "code"},
		},
	}
	for _, r := range roles.All() {
		c := Concept{Code: string(r.Code), Display: r.Labels.EN,
			Designation: []Designation{{Language: "nb", Value: r.Labels.NB}, {Language: "nn", Value: r.Labels.NN}},
			Property:    []ConceptProperty{{Code: "kind", ValueCode: string(r.Kind)}}}
		// Only the four carry mandatory (true): FHIR.js 4.12 takes a false
		// boolean for a missing value, and absence says the same.
		if r.Mandatory {
			c.Property = append([]ConceptProperty{{Code: "mandatory", ValueBoolean: ptr(true)}}, c.Property...)
		}
		if r.Sector != roles.AnySector {
			c.Property = append(c.Property, ConceptProperty{Code: "sector", ValueCode: string(r.Sector)})
		}
		cs.Concept = append(cs.Concept, c)
	}
	cs.Count = len(cs.Concept)
	return cs
}

// PlanCodeSystem returns the codes that say where in the plan an activity
// or task comes from, the phases, and the relationship flag for parental
// responsibility, each with bokmål and nynorsk designations.
func PlanCodeSystem() CodeSystem {
	cs := CodeSystem{
		Resource: Resource{ResourceType: "CodeSystem", ID: "lkt-plan"},
		URL:      PlanSystem, Version: "1", Name: "LKTPlan", Title: "LKT plan for collaboration", Status: "active", Publisher: "go-lkt",
		Description:   "Sections of the LKT plan for collaboration, contingency phases, kinds of task and relationship flags.",
		CaseSensitive: true, Content: "complete",
	}
	add := func(code, en, nb, nn string) {
		cs.Concept = append(cs.Concept, Concept{Code: code, Display: en, Designation: []Designation{{Language: "nb", Value: nb}, {Language: "nn", Value: nn}}})
	}
	add(codeCollaboration, "Actor community under the LKT framework", "Aktørfellesskap etter LKT-rammeverket", "Aktørfellesskap etter LKT-rammeverket")
	add(codeOwnGoal, "My good day: the patient's own goal", "Min gode dag: pasientens eget mål", "Min gode dag: det eigne målet til pasienten")
	add(sectionPatient, "Section: the patient and their challenges", "Del: pasienten og utfordringene", "Del: pasienten og utfordringane")
	add(sectionRoles, "Section: roles and responsibilities", "Del: roller og ansvar", "Del: roller og ansvar")
	add(sectionCommunication, "Section: communication", "Del: kommunikasjon", "Del: kommunikasjon")
	add(sectionContingency, "Section: contingency plan", "Del: beredskapsplan", "Del: beredskapsplan")
	add(sectionAnnualWheel, "Section: annual wheel", "Del: årshjul", "Del: årshjul")
	add(sectionDocumentation, "Section: documentation", "Del: dokumentasjon", "Del: dokumentasjon")
	add(sectionEvaluation, "Section: evaluation", "Del: evaluering", "Del: evaluering")
	for _, p := range plan.PhaseOrder() {
		add("phase-"+string(p), "Phase: "+string(p), "Fase: "+map[plan.Phase]string{plan.Green: "grønn", plan.Yellow: "gul", plan.Red: "rød"}[p],
			"Fase: "+map[plan.Phase]string{plan.Green: "grøn", plan.Yellow: "gul", plan.Red: "raud"}[p])
	}
	add(taskObligation, "Obligation from the annual wheel or an event", "Forpliktelse fra årshjulet eller en hendelse", "Plikt frå årshjulet eller ei hending")
	add(taskDecision, "Decision made at a meeting", "Beslutning fra et møte", "Avgjerd frå eit møte")
	add(taskMeasure, "Activated contingency measure", "Aktivert beredskapstiltak", "Aktivert beredskapstiltak")
	add(codeWorkplace, "A workplace: a unit of an organisation", "Arbeidssted: en enhet i en virksomhet", "Arbeidsstad: ei eining i ei verksemd")
	add(codeWorksInHome, "Works in the patient's home", "Arbeider i pasientens hjem", "Arbeider i heimen til pasienten")
	add(codeParentalResponsibility, "Holds parental responsibility", "Har foreldreansvar", "Har foreldreansvar")
	cs.Count = len(cs.Concept)
	return cs
}

// SectorCodeSystem returns the sectors and service levels as a CodeSystem.
func SectorCodeSystem() CodeSystem {
	cs := CodeSystem{
		Resource: Resource{ResourceType: "CodeSystem", ID: "lkt-sector"},
		URL:      SectorSystem, Version: "1", Name: "LKTSector", Title: "LKT sectors and service levels", Status: "active", Publisher: "go-lkt",
		Description:   "The sectors and service levels an actor in an LKT actor community works in.",
		CaseSensitive: true, Content: "complete",
	}
	for _, s := range roles.Sectors() {
		cs.Concept = append(cs.Concept, Concept{Code: string(s), Display: s.Label(roles.English),
			Designation: []Designation{{Language: "nb", Value: s.Label(roles.Bokmal)}, {Language: "nn", Value: s.Label(roles.Nynorsk)}}})
	}
	cs.Count = len(cs.Concept)
	return cs
}

func roleCoding(c roles.Code) Coding {
	r, _ := roles.Lookup(c)
	return Coding{System: RoleSystem, Code: string(c), Display: r.Labels.EN}
}

func planCoding(code string) *CodeableConcept {
	for _, c := range planConcepts {
		if c.Code == code {
			return &CodeableConcept{Coding: []Coding{{System: PlanSystem, Code: code, Display: c.Display}}}
		}
	}
	return &CodeableConcept{Coding: []Coding{{System: PlanSystem, Code: code}}}
}

var planConcepts = PlanCodeSystem().Concept
