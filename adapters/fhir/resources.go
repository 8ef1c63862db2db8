package fhir

// The FHIR R4 data types and resources this package writes and reads: only
// the elements the mapping uses, with JSON names as the specification
// spells them. Unknown elements in input are rejected by the importer.

// Coding is a code from a code system.
type Coding struct {
	System  string `json:"system,omitempty"`
	Code    string `json:"code,omitempty"`
	Display string `json:"display,omitempty"`
}

// CodeableConcept is a concept given by codings and/or text.
type CodeableConcept struct {
	Coding []Coding `json:"coding,omitempty"`
	Text   string   `json:"text,omitempty"`
}

// Identifier is a business identifier.
type Identifier struct {
	System   string     `json:"system,omitempty"`
	Value    string     `json:"value,omitempty"`
	Assigner *Reference `json:"assigner,omitempty"`
}

// Reference points to another resource, by literal reference, by
// identifier, or only by display text.
type Reference struct {
	Reference  string      `json:"reference,omitempty"`
	Type       string      `json:"type,omitempty"`
	Identifier *Identifier `json:"identifier,omitempty"`
	Display    string      `json:"display,omitempty"`
}

// Period is a time span; an open end is omitted.
type Period struct {
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
}

// HumanName is a person's name; the mapping carries the full name as text.
type HumanName struct {
	Use    string   `json:"use,omitempty"`
	Text   string   `json:"text,omitempty"`
	Family string   `json:"family,omitempty"`
	Given  []string `json:"given,omitempty"`
}

// ContactPoint is a phone number or e-mail address.
type ContactPoint struct {
	System string `json:"system,omitempty"`
	Value  string `json:"value,omitempty"`
	Use    string `json:"use,omitempty"`
}

// Annotation is a note.
type Annotation struct {
	Text string `json:"text"`
}

// Attachment holds or points to content; the mapping uses title and url.
type Attachment struct {
	ContentType string `json:"contentType,omitempty"`
	URL         string `json:"url,omitempty"`
	Title       string `json:"title,omitempty"`
	Creation    string `json:"creation,omitempty"`
}

// Meta carries the version and the profiles a resource claims.
type Meta struct {
	VersionID   string   `json:"versionId,omitempty"`
	LastUpdated string   `json:"lastUpdated,omitempty"`
	Profile     []string `json:"profile,omitempty"`
}

// Timing is when an activity recurs.
type Timing struct {
	Event  []string         `json:"event,omitempty"`
	Repeat *TimingRepeat    `json:"repeat,omitempty"`
	Code   *CodeableConcept `json:"code,omitempty"`
}

// TimingRepeat is a calendar recurrence.
type TimingRepeat struct {
	BoundsPeriod *Period `json:"boundsPeriod,omitempty"`
	Frequency    int     `json:"frequency,omitempty"`
	Period       float64 `json:"period,omitempty"`
	PeriodUnit   string  `json:"periodUnit,omitempty"`
}

// Resource is the common head of every resource.
type Resource struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id,omitempty"`
	Meta         *Meta  `json:"meta,omitempty"`
}

// Bundle is a collection of resources.
type Bundle struct {
	ResourceType string        `json:"resourceType"`
	ID           string        `json:"id,omitempty"`
	Meta         *Meta         `json:"meta,omitempty"`
	Type         string        `json:"type"`
	Timestamp    string        `json:"timestamp,omitempty"`
	Total        *int          `json:"total,omitempty"`
	Link         []BundleLink  `json:"link,omitempty"`
	Entry        []BundleEntry `json:"entry,omitempty"`
}

// BundleLink is a link of a search set or history.
type BundleLink struct {
	Relation string `json:"relation"`
	URL      string `json:"url"`
}

// BundleEntry is one resource in a Bundle. Resource is any of this
// package's resource types when written, raw JSON when read.
type BundleEntry struct {
	FullURL  string          `json:"fullUrl,omitempty"`
	Resource any             `json:"resource,omitempty"`
	Search   *BundleSearch   `json:"search,omitempty"`
	Request  *BundleRequest  `json:"request,omitempty"`
	Response *BundleResponse `json:"response,omitempty"`
}

// BundleSearch says why an entry is in a search set.
type BundleSearch struct {
	Mode string `json:"mode,omitempty"`
}

// BundleRequest is the request of a history entry.
type BundleRequest struct {
	Method string `json:"method"`
	URL    string `json:"url"`
}

// BundleResponse is the outcome of a history entry.
type BundleResponse struct {
	Status       string `json:"status"`
	LastModified string `json:"lastModified,omitempty"`
}

// Patient is the person the community serves.
type Patient struct {
	Resource
	Identifier []Identifier `json:"identifier,omitempty"`
	Active     *bool        `json:"active,omitempty"`
	Name       []HumanName  `json:"name,omitempty"`
	BirthDate  string       `json:"birthDate,omitempty"`
}

// Practitioner is a professional member as a person.
type Practitioner struct {
	Resource
	Identifier []Identifier `json:"identifier,omitempty"`
	Active     *bool        `json:"active,omitempty"`
	Name       []HumanName  `json:"name,omitempty"`
}

// PractitionerRole is a professional member in their role and organisation.
type PractitionerRole struct {
	Resource
	Identifier   []Identifier      `json:"identifier,omitempty"`
	Active       *bool             `json:"active,omitempty"`
	Period       *Period           `json:"period,omitempty"`
	Practitioner *Reference        `json:"practitioner,omitempty"`
	Organization *Reference        `json:"organization,omitempty"`
	Code         []CodeableConcept `json:"code,omitempty"`
	Telecom      []ContactPoint    `json:"telecom,omitempty"`
	// AvailabilityExceptions carries the member's contact note.
	AvailabilityExceptions string `json:"availabilityExceptions,omitempty"`
}

// RelatedPerson is a relative, guardian or representative member.
type RelatedPerson struct {
	Resource
	Identifier   []Identifier      `json:"identifier,omitempty"`
	Active       *bool             `json:"active,omitempty"`
	Patient      Reference         `json:"patient"`
	Relationship []CodeableConcept `json:"relationship,omitempty"`
	Name         []HumanName       `json:"name,omitempty"`
	Telecom      []ContactPoint    `json:"telecom,omitempty"`
	Period       *Period           `json:"period,omitempty"`
}

// Organization is an employer, a unit in it, or the municipality.
type Organization struct {
	Resource
	Identifier []Identifier      `json:"identifier,omitempty"`
	Active     *bool             `json:"active,omitempty"`
	Type       []CodeableConcept `json:"type,omitempty"`
	Name       string            `json:"name,omitempty"`
	PartOf     *Reference        `json:"partOf,omitempty"`
}

// CareTeam is element B: the actor community's members and their roles.
type CareTeam struct {
	Resource
	Identifier           []Identifier          `json:"identifier,omitempty"`
	Status               string                `json:"status,omitempty"`
	Name                 string                `json:"name,omitempty"`
	Subject              *Reference            `json:"subject,omitempty"`
	Period               *Period               `json:"period,omitempty"`
	Participant          []CareTeamParticipant `json:"participant,omitempty"`
	ManagingOrganization []Reference           `json:"managingOrganization,omitempty"`
	Note                 []Annotation          `json:"note,omitempty"`
}

// CareTeamParticipant is one member with their roles.
type CareTeamParticipant struct {
	Role       []CodeableConcept `json:"role,omitempty"`
	Member     *Reference        `json:"member,omitempty"`
	OnBehalfOf *Reference        `json:"onBehalfOf,omitempty"`
	Period     *Period           `json:"period,omitempty"`
}

// EpisodeOfCare is the collaboration over time, managed by the coordinator.
type EpisodeOfCare struct {
	Resource
	Identifier           []Identifier      `json:"identifier,omitempty"`
	Status               string            `json:"status"`
	Type                 []CodeableConcept `json:"type,omitempty"`
	Patient              Reference         `json:"patient"`
	ManagingOrganization *Reference        `json:"managingOrganization,omitempty"`
	Period               *Period           `json:"period,omitempty"`
	CareManager          *Reference        `json:"careManager,omitempty"`
	Team                 []Reference       `json:"team,omitempty"`
}

// Goal is the patient's own goal from element A.
type Goal struct {
	Resource
	LifecycleStatus string            `json:"lifecycleStatus"`
	Category        []CodeableConcept `json:"category,omitempty"`
	Description     CodeableConcept   `json:"description"`
	Subject         Reference         `json:"subject"`
	StatusDate      string            `json:"statusDate,omitempty"`
	ExpressedBy     *Reference        `json:"expressedBy,omitempty"`
	Note            []Annotation      `json:"note,omitempty"`
}

// CarePlan is element D, or one phase of its contingency.
type CarePlan struct {
	Resource
	Identifier  []Identifier       `json:"identifier,omitempty"`
	PartOf      []Reference        `json:"partOf,omitempty"`
	Status      string             `json:"status"`
	Intent      string             `json:"intent"`
	Category    []CodeableConcept  `json:"category,omitempty"`
	Title       string             `json:"title,omitempty"`
	Description string             `json:"description,omitempty"`
	Subject     Reference          `json:"subject"`
	Period      *Period            `json:"period,omitempty"`
	Created     string             `json:"created,omitempty"`
	Author      *Reference         `json:"author,omitempty"`
	Contributor []Reference        `json:"contributor,omitempty"`
	CareTeam    []Reference        `json:"careTeam,omitempty"`
	Goal        []Reference        `json:"goal,omitempty"`
	Activity    []CarePlanActivity `json:"activity,omitempty"`
	Note        []Annotation       `json:"note,omitempty"`
}

// CarePlanActivity is one planned activity.
type CarePlanActivity struct {
	Detail *CarePlanDetail `json:"detail,omitempty"`
}

// CarePlanDetail describes an activity in the plan itself.
type CarePlanDetail struct {
	Kind            string           `json:"kind,omitempty"`
	Code            *CodeableConcept `json:"code,omitempty"`
	Status          string           `json:"status"`
	ScheduledTiming *Timing          `json:"scheduledTiming,omitempty"`
	ScheduledPeriod *Period          `json:"scheduledPeriod,omitempty"`
	ScheduledString string           `json:"scheduledString,omitempty"`
	Performer       []Reference      `json:"performer,omitempty"`
	Description     string           `json:"description,omitempty"`
}

// Task is an obligation, a decision or an activated contingency measure.
type Task struct {
	Resource
	Identifier   []Identifier     `json:"identifier,omitempty"`
	BasedOn      []Reference      `json:"basedOn,omitempty"`
	Status       string           `json:"status"`
	Intent       string           `json:"intent"`
	Code         *CodeableConcept `json:"code,omitempty"`
	Description  string           `json:"description,omitempty"`
	For          *Reference       `json:"for,omitempty"`
	AuthoredOn   string           `json:"authoredOn,omitempty"`
	LastModified string           `json:"lastModified,omitempty"`
	Owner        *Reference       `json:"owner,omitempty"`
	Restriction  *TaskRestriction `json:"restriction,omitempty"`
	Note         []Annotation     `json:"note,omitempty"`
}

// TaskRestriction bounds when a task is to be done.
type TaskRestriction struct {
	Period *Period `json:"period,omitempty"`
}

// Extension is an extension of this project's (see the package
// documentation): a URL and one value.
type Extension struct {
	URL       string `json:"url"`
	ValueCode string `json:"valueCode,omitempty"`
}

// Consent is the patient's consent to sharing within the community.
type Consent struct {
	Resource
	Extension        []Extension       `json:"extension,omitempty"`
	Status           string            `json:"status"`
	Scope            CodeableConcept   `json:"scope"`
	Category         []CodeableConcept `json:"category"`
	Patient          *Reference        `json:"patient,omitempty"`
	DateTime         string            `json:"dateTime,omitempty"`
	Performer        []Reference       `json:"performer,omitempty"`
	Organization     []Reference       `json:"organization,omitempty"`
	SourceAttachment *Attachment       `json:"sourceAttachment,omitempty"`
	SourceReference  *Reference        `json:"sourceReference,omitempty"`
	Policy           []ConsentPolicy   `json:"policy,omitempty"`
	PolicyRule       *CodeableConcept  `json:"policyRule,omitempty"`
	Provision        *ConsentProvision `json:"provision,omitempty"`
}

// ConsentPolicy is the law the consent rests on.
type ConsentPolicy struct {
	Authority string `json:"authority,omitempty"`
	URI       string `json:"uri,omitempty"`
}

// ConsentProvision is what is permitted, to whom, and when.
type ConsentProvision struct {
	Type    string         `json:"type,omitempty"`
	Period  *Period        `json:"period,omitempty"`
	Actor   []ConsentActor `json:"actor,omitempty"`
	Purpose []Coding       `json:"purpose,omitempty"`
}

// ConsentActor is who the consent lets share.
type ConsentActor struct {
	Role      CodeableConcept `json:"role"`
	Reference Reference       `json:"reference"`
}

// Provenance says who did or agreed what, on whose word.
type Provenance struct {
	Resource
	Target   []Reference        `json:"target"`
	Recorded string             `json:"recorded"`
	Activity *CodeableConcept   `json:"activity,omitempty"`
	Agent    []ProvenanceAgent  `json:"agent"`
	Entity   []ProvenanceEntity `json:"entity,omitempty"`
}

// ProvenanceAgent is one party and the part it played.
type ProvenanceAgent struct {
	Type       *CodeableConcept `json:"type,omitempty"`
	Who        Reference        `json:"who"`
	OnBehalfOf *Reference       `json:"onBehalfOf,omitempty"`
}

// ProvenanceEntity is evidence the activity used.
type ProvenanceEntity struct {
	Role string    `json:"role"`
	What Reference `json:"what"`
}
