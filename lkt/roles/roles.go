package roles

import (
	"slices"

	"github.com/lkt-rammeverk/go-lkt/lkt/words"
)

// Code identifies a role. Codes are stable: they are stored and sent over
// the wire, so a code is never renamed once released.
type Code string

// The four mandatory roles (report 7.1.2): "in addition to the patient and any
// relatives, four roles must always be part of every actor map".
const (
	CoordinatorLeader   Code = "coordinator-leader"   // koordinator og leder av aktørfellesskapet
	GP                  Code = "gp"                   // fastlege
	ContactClinician    Code = "contact-clinician"    // kontaktlege/-psykolog i spesialisthelsetjenesten
	InternalCoordinator Code = "internal-coordinator" // intern koordinator i spesialisthelsetjenesten
)

// The patient and the people around them in the private network.
const (
	Patient             Code = "patient"              // pasient/bruker
	NextOfKin           Code = "next-of-kin"          // pårørende
	ParentGuardian      Code = "parent-guardian"      // foresatt
	LegalRepresentative Code = "legal-representative" // verge
	FamilyMember        Code = "family-member"        // annen familie, nettverk
)

// Professional and other actors the report meets around its patients.
const (
	GeneralPractitioner    Code = "general-practitioner"     // fastlege (the person)
	SpecialistPhysician    Code = "specialist-physician"     // lege i spesialisthelsetjenesten
	Psychologist           Code = "psychologist"             // psykolog i spesialisthelsetjenesten
	HospitalNurse          Code = "hospital-nurse"           // sykepleier i spesialisthelsetjenesten
	HospitalCoordinator    Code = "hospital-coordinator"     // koordinator/forløpskoordinator i sykehus
	HabilitationTeam       Code = "habilitation-team"        // habiliteringstjenesten
	ChildPsychiatry        Code = "child-psychiatry"         // BUP
	AutismTeam             Code = "autism-team"              // autismeteam
	HospitalSocialWorker   Code = "hospital-social-worker"   // sosionom i sykehus
	MunicipalCoordinator   Code = "municipal-coordinator"    // koordinator i kommunen (IP)
	CoordinatingUnit       Code = "coordinating-unit"        // koordinerende enhet (KE)
	HomeNursing            Code = "home-nursing"             // hjemmesykepleie
	NursingHome            Code = "nursing-home"             // sykehjem
	ShortTermStay          Code = "short-term-stay"          // korttidsopphold
	Physiotherapist        Code = "physiotherapist"          // fysioterapeut
	OccupationalTherapist  Code = "occupational-therapist"   // ergoterapeut
	PublicHealthNurse      Code = "public-health-nurse"      // helsesykepleier
	MunicipalPhysician     Code = "municipal-physician"      // sykehjemslege, legevakt
	EmergencyPrimaryCare   Code = "emergency-primary-care"   // legevakt
	ServiceAllocation      Code = "service-allocation"       // tildelingskontor / forvaltning
	Assistant              Code = "assistant"                // assistent (BPA, skoleassistent)
	ReliefService          Code = "relief-service"           // avlastning
	DayCentre              Code = "day-centre"               // dagsenter
	MentalHealthService    Code = "mental-health-service"    // kommunal psykisk helse
	Pharmacist             Code = "pharmacist"               // farmasøyt
	School                 Code = "school"                   // skole (lærer, kontaktlærer)
	Kindergarten           Code = "kindergarten"             // barnehage
	PPT                    Code = "ppt"                      // pedagogisk-psykologisk tjeneste
	ChildWelfare           Code = "child-welfare"            // barnevern
	NAV                    Code = "nav"                      // NAV
	AssistiveTechnology    Code = "assistive-technology"     // hjelpemiddelsentral
	VoluntaryOrganisation  Code = "voluntary-organisation"   // frivillig organisasjon
	PatientOrganisation    Code = "patient-organisation"     // pasient- og brukerorganisasjon
	PrivateServiceProvider Code = "private-service-provider" // privat tjenesteyter
)

// Sector is the service level or sector an actor works in.
type Sector string

// The sectors and service levels the report distinguishes.
const (
	SpecialistHealth Sector = "specialist-health"     // spesialisthelsetjenesten
	MunicipalHealth  Sector = "municipal-health-care" // kommunale helse- og omsorgstjenester
	GeneralPractice  Sector = "gp"                    // fastlegeordningen
	Education        Sector = "education"             // skole, barnehage, PPT
	Welfare          Sector = "welfare"               // NAV, barnevern
	Voluntary        Sector = "voluntary"             // frivillig sektor
	PrivateNetwork   Sector = "private-network"       // pasienten, familie og nettverk
	AnySector        Sector = ""                      // a role that any sector may hold
)

// Sectors lists every sector in a fixed order, useful for tables and legends.
func Sectors() []Sector {
	return []Sector{SpecialistHealth, MunicipalHealth, GeneralPractice, Education, Welfare, Voluntary, PrivateNetwork}
}

// Valid reports whether s is a known sector (AnySector is not).
func (s Sector) Valid() bool { return slices.Contains(Sectors(), s) }

// Label returns the sector's name in the given language.
func (s Sector) Label(lang Lang) string {
	if l, ok := sectorLabels[s]; ok {
		return l.In(lang)
	}
	return string(s)
}

var sectorLabels = map[Sector]Labels{
	SpecialistHealth: {EN: "Specialist health services", NB: "Spesialisthelsetjenesten", NN: "Spesialisthelsetenesta"},
	MunicipalHealth:  {EN: "Municipal health and care services", NB: "Kommunale helse- og omsorgstjenester", NN: "Kommunale helse- og omsorgstenester"},
	GeneralPractice:  {EN: "General practice", NB: "Fastlegeordningen", NN: "Fastlegeordninga"},
	Education:        {EN: "Education", NB: "Oppvekst og utdanning", NN: "Oppvekst og utdanning"},
	Welfare:          {EN: "Welfare services", NB: "Velferdstjenester", NN: "Velferdstenester"},
	Voluntary:        {EN: "Voluntary sector", NB: "Frivillig sektor", NN: "Frivillig sektor"},
	PrivateNetwork:   {EN: "Family and private network", NB: "Familie og privat nettverk", NN: "Familie og privat nettverk"},
}

// Kind groups roles by who holds them.
type Kind string

// Kinds of role.
const (
	KindMandatory    Kind = "mandatory"    // one of the four mandatory roles, assigned to a member
	KindPatient      Kind = "patient"      // the person the community serves
	KindRelative     Kind = "relative"     // relatives, guardians and representatives
	KindProfessional Kind = "professional" // a person working in a service
)

// Lang is a label language: English, bokmål or nynorsk (see package words).
type Lang = words.Lang

// Supported languages.
const (
	English = words.English
	Bokmal  = words.Bokmal
	Nynorsk = words.Nynorsk
)

// Labels holds a name in the three languages (see package words).
type Labels = words.Labels

// Role describes one entry of the catalogue.
type Role struct {
	Code      Code
	Kind      Kind
	Sector    Sector // AnySector for roles that any sector can hold
	Mandatory bool
	Labels    Labels
}

// Label returns the role's name in lang.
func (r Role) Label(lang Lang) string { return r.Labels.In(lang) }

// catalogue is ordered: mandatory roles first, then patient and relatives,
// then actors by sector. All() returns a copy.
var catalogue = []Role{
	{CoordinatorLeader, KindMandatory, AnySector, true, Labels{EN: "Coordinator and leader of the actor community", NB: "Koordinator og leder av aktørfellesskapet", NN: "Koordinator og leiar av aktørfellesskapet"}},
	{GP, KindMandatory, GeneralPractice, true, Labels{EN: "GP", NB: "Fastlege", NN: "Fastlege"}},
	{ContactClinician, KindMandatory, SpecialistHealth, true, Labels{EN: "Contact physician or contact psychologist", NB: "Kontaktlege eller kontaktpsykolog", NN: "Kontaktlege eller kontaktpsykolog"}},
	{InternalCoordinator, KindMandatory, SpecialistHealth, true, Labels{EN: "Internal coordinator in the specialist health services", NB: "Intern koordinator i spesialisthelsetjenesten", NN: "Intern koordinator i spesialisthelsetenesta"}},

	{Patient, KindPatient, PrivateNetwork, false, Labels{EN: "Patient", NB: "Pasient/bruker", NN: "Pasient/brukar"}},
	{NextOfKin, KindRelative, PrivateNetwork, false, Labels{EN: "Next of kin", NB: "Pårørende", NN: "Pårørande"}},
	{ParentGuardian, KindRelative, PrivateNetwork, false, Labels{EN: "Parent or guardian", NB: "Foresatt", NN: "Føresett"}},
	{LegalRepresentative, KindRelative, PrivateNetwork, false, Labels{EN: "Legal representative", NB: "Verge", NN: "Verje"}},
	{FamilyMember, KindRelative, PrivateNetwork, false, Labels{EN: "Family member or friend", NB: "Familie eller venn", NN: "Familie eller ven"}},

	{SpecialistPhysician, KindProfessional, SpecialistHealth, false, Labels{EN: "Physician, specialist health services", NB: "Lege i spesialisthelsetjenesten", NN: "Lege i spesialisthelsetenesta"}},
	{Psychologist, KindProfessional, SpecialistHealth, false, Labels{EN: "Psychologist, specialist health services", NB: "Psykolog i spesialisthelsetjenesten", NN: "Psykolog i spesialisthelsetenesta"}},
	{HospitalNurse, KindProfessional, SpecialistHealth, false, Labels{EN: "Nurse, specialist health services", NB: "Sykepleier i spesialisthelsetjenesten", NN: "Sjukepleiar i spesialisthelsetenesta"}},
	{HospitalCoordinator, KindProfessional, SpecialistHealth, false, Labels{EN: "Pathway coordinator, hospital", NB: "Forløpskoordinator i sykehus", NN: "Forløpskoordinator i sjukehus"}},
	{HabilitationTeam, KindProfessional, SpecialistHealth, false, Labels{EN: "Habilitation services", NB: "Habiliteringstjenesten", NN: "Habiliteringstenesta"}},
	{ChildPsychiatry, KindProfessional, SpecialistHealth, false, Labels{EN: "Child and adolescent mental health services", NB: "Barne- og ungdomspsykiatrisk poliklinikk (BUP)", NN: "Barne- og ungdomspsykiatrisk poliklinikk (BUP)"}},
	{AutismTeam, KindProfessional, SpecialistHealth, false, Labels{EN: "Autism team", NB: "Autismeteam", NN: "Autismeteam"}},
	{HospitalSocialWorker, KindProfessional, SpecialistHealth, false, Labels{EN: "Social worker, hospital", NB: "Sosionom i sykehus", NN: "Sosionom i sjukehus"}},

	{GeneralPractitioner, KindProfessional, GeneralPractice, false, Labels{EN: "General practitioner", NB: "Allmennlege (fastlege)", NN: "Allmennlege (fastlege)"}},

	{MunicipalCoordinator, KindProfessional, MunicipalHealth, false, Labels{EN: "Municipal coordinator", NB: "Koordinator i kommunen", NN: "Koordinator i kommunen"}},
	{CoordinatingUnit, KindProfessional, MunicipalHealth, false, Labels{EN: "Coordinating unit", NB: "Koordinerende enhet", NN: "Koordinerande eining"}},
	{HomeNursing, KindProfessional, MunicipalHealth, false, Labels{EN: "Home nursing", NB: "Hjemmesykepleie", NN: "Heimesjukepleie"}},
	{NursingHome, KindProfessional, MunicipalHealth, false, Labels{EN: "Nursing home", NB: "Sykehjem", NN: "Sjukeheim"}},
	{ShortTermStay, KindProfessional, MunicipalHealth, false, Labels{EN: "Short-term stay", NB: "Korttidsopphold", NN: "Korttidsopphald"}},
	{Physiotherapist, KindProfessional, MunicipalHealth, false, Labels{EN: "Physiotherapist", NB: "Fysioterapeut", NN: "Fysioterapeut"}},
	{OccupationalTherapist, KindProfessional, MunicipalHealth, false, Labels{EN: "Occupational therapist", NB: "Ergoterapeut", NN: "Ergoterapeut"}},
	{PublicHealthNurse, KindProfessional, MunicipalHealth, false, Labels{EN: "Public health nurse", NB: "Helsesykepleier", NN: "Helsesjukepleiar"}},
	{MunicipalPhysician, KindProfessional, MunicipalHealth, false, Labels{EN: "Municipal physician", NB: "Kommunelege/sykehjemslege", NN: "Kommunelege/sjukeheimslege"}},
	{EmergencyPrimaryCare, KindProfessional, MunicipalHealth, false, Labels{EN: "Emergency primary care", NB: "Legevakt", NN: "Legevakt"}},
	{ServiceAllocation, KindProfessional, MunicipalHealth, false, Labels{EN: "Service allocation office", NB: "Tildelingskontor", NN: "Tildelingskontor"}},
	{Assistant, KindProfessional, MunicipalHealth, false, Labels{EN: "Assistant", NB: "Assistent", NN: "Assistent"}},
	{ReliefService, KindProfessional, MunicipalHealth, false, Labels{EN: "Relief service", NB: "Avlastning", NN: "Avlasting"}},
	{DayCentre, KindProfessional, MunicipalHealth, false, Labels{EN: "Day centre", NB: "Dagsenter", NN: "Dagsenter"}},
	{MentalHealthService, KindProfessional, MunicipalHealth, false, Labels{EN: "Municipal mental health service", NB: "Kommunal psykisk helsetjeneste", NN: "Kommunal psykisk helseteneste"}},
	{Pharmacist, KindProfessional, MunicipalHealth, false, Labels{EN: "Pharmacist", NB: "Farmasøyt", NN: "Farmasøyt"}},

	{School, KindProfessional, Education, false, Labels{EN: "School", NB: "Skole", NN: "Skule"}},
	{Kindergarten, KindProfessional, Education, false, Labels{EN: "Kindergarten", NB: "Barnehage", NN: "Barnehage"}},
	{PPT, KindProfessional, Education, false, Labels{EN: "Educational-psychological service (PPT)", NB: "Pedagogisk-psykologisk tjeneste (PPT)", NN: "Pedagogisk-psykologisk teneste (PPT)"}},

	{ChildWelfare, KindProfessional, Welfare, false, Labels{EN: "Child welfare service", NB: "Barnevernstjenesten", NN: "Barnevernstenesta"}},
	{NAV, KindProfessional, Welfare, false, Labels{EN: "NAV (labour and welfare)", NB: "NAV", NN: "NAV"}},
	{AssistiveTechnology, KindProfessional, Welfare, false, Labels{EN: "Assistive technology centre", NB: "Hjelpemiddelsentral", NN: "Hjelpemiddelsentral"}},

	{VoluntaryOrganisation, KindProfessional, Voluntary, false, Labels{EN: "Voluntary organisation", NB: "Frivillig organisasjon", NN: "Frivillig organisasjon"}},
	{PatientOrganisation, KindProfessional, Voluntary, false, Labels{EN: "Patient or user organisation", NB: "Pasient- og brukerorganisasjon", NN: "Pasient- og brukarorganisasjon"}},
	{PrivateServiceProvider, KindProfessional, AnySector, false, Labels{EN: "Private service provider", NB: "Privat tjenesteyter", NN: "Privat tenesteytar"}},
}

var byCode = func() map[Code]int {
	m := make(map[Code]int, len(catalogue))
	for i, r := range catalogue {
		m[r.Code] = i
	}
	return m
}()

// Lookup returns the role with code c.
func Lookup(c Code) (Role, bool) {
	i, ok := byCode[c]
	if !ok {
		return Role{}, false
	}
	return catalogue[i], true
}

// Valid reports whether c is in the catalogue.
func (c Code) Valid() bool { _, ok := byCode[c]; return ok }

// Label returns the role's name in lang, or the code itself if unknown.
func (c Code) Label(lang Lang) string {
	if r, ok := Lookup(c); ok {
		return r.Label(lang)
	}
	return string(c)
}

// Mandatory reports whether c is one of the four mandatory roles.
func (c Code) Mandatory() bool {
	r, ok := Lookup(c)
	return ok && r.Mandatory
}

// All returns the whole catalogue, mandatory roles first.
func All() []Role { return slices.Clone(catalogue) }

// MandatoryCodes returns the four mandatory roles in the report's order.
func MandatoryCodes() []Code {
	return []Code{CoordinatorLeader, GP, ContactClinician, InternalCoordinator}
}

// Holder is what Fits needs to know about a would-be holder of a mandatory
// role: the holder's own role in the community and the sector they work in.
type Holder struct {
	Role   Code
	Sector Sector
}

// RuleFit names the rule Fits checks.
const RuleFit = "mandatory-role-fit"

// Fits reports whether holder may hold the mandatory role m; a
// *words.Error with rule RuleFit says why not, in words a coordinator
// understands (the caller names the field).
//
//   - GP: held by a general practitioner.
//   - Contact physician/psychologist: a physician or psychologist working in
//     the specialist health services (the report's "kontaktlege/-psykolog").
//   - Internal coordinator: anyone working in the specialist health services.
//   - Coordinator and leader: any professional (in the fieldwork a municipal
//     physiotherapist coordinated); the mandate requirement is checked where
//     the mandate lives.
func Fits(m Code, h Holder) error {
	misfit := func(en, nb, nn string) error {
		return &words.Error{Code: words.Invalid, Rule: RuleFit, Message: Labels{EN: en, NB: nb, NN: nn}}
	}
	hr, ok := Lookup(h.Role)
	if !ok {
		return misfit("the holder has an unknown role", "innehaveren har en ukjent rolle", "innehavaren har ei ukjend rolle")
	}
	switch m {
	case GP:
		if h.Role != GeneralPractitioner {
			return misfit("the GP role must be held by a general practitioner, not: "+hr.Label(English),
				"fastlegerollen må ha en allmennlege, ikke: "+hr.Label(Bokmal),
				"fastlegerolla må ha ein allmennlege, ikkje: "+hr.Label(Nynorsk))
		}
	case ContactClinician:
		if h.Sector != SpecialistHealth || (h.Role != SpecialistPhysician && h.Role != Psychologist) {
			return misfit("the contact physician/psychologist must be a physician or psychologist in the specialist health services",
				"kontaktlege/-psykolog må være lege eller psykolog i spesialisthelsetjenesten",
				"kontaktlege/-psykolog må vere lege eller psykolog i spesialisthelsetenesta")
		}
	case InternalCoordinator:
		if h.Sector != SpecialistHealth {
			return misfit("the internal coordinator must work in the specialist health services",
				"intern koordinator må arbeide i spesialisthelsetjenesten",
				"intern koordinator må arbeide i spesialisthelsetenesta")
		}
	case CoordinatorLeader:
		if hr.Kind != KindProfessional {
			return misfit("the coordinator and leader must be a professional member, not: "+hr.Label(English),
				"koordinator og leder må være en fagperson, ikke: "+hr.Label(Bokmal),
				"koordinator og leiar må vere ein fagperson, ikkje: "+hr.Label(Nynorsk))
		}
	default:
		return misfit("not a mandatory role: "+string(m), "ikke en obligatorisk rolle: "+string(m), "ikkje ei obligatorisk rolle: "+string(m))
	}
	return nil
}
