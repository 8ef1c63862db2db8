package roles

import "slices"

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
	SpecialistHealth: {"Specialist health services", "Spesialisthelsetjenesten", "Spesialisthelsetenesta"},
	MunicipalHealth:  {"Municipal health and care services", "Kommunale helse- og omsorgstjenester", "Kommunale helse- og omsorgstenester"},
	GeneralPractice:  {"General practice", "Fastlegeordningen", "Fastlegeordninga"},
	Education:        {"Education", "Oppvekst og utdanning", "Oppvekst og utdanning"},
	Welfare:          {"Welfare services", "Velferdstjenester", "Velferdstenester"},
	Voluntary:        {"Voluntary sector", "Frivillig sektor", "Frivillig sektor"},
	PrivateNetwork:   {"Family and private network", "Familie og privat nettverk", "Familie og privat nettverk"},
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

// Lang is a label language: English, bokmål or nynorsk.
type Lang string

// Supported languages.
const (
	English Lang = "en"
	Bokmal  Lang = "nb"
	Nynorsk Lang = "nn"
)

// Labels holds a name in the three languages.
type Labels struct {
	EN, NB, NN string
}

// In returns the label in lang, falling back to bokmål and then English.
func (l Labels) In(lang Lang) string {
	switch {
	case lang == English && l.EN != "":
		return l.EN
	case lang == Nynorsk && l.NN != "":
		return l.NN
	case l.NB != "":
		return l.NB
	}
	return l.EN
}

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
	{CoordinatorLeader, KindMandatory, AnySector, true, Labels{"Coordinator and leader of the actor community", "Koordinator og leder av aktørfellesskapet", "Koordinator og leiar av aktørfellesskapet"}},
	{GP, KindMandatory, GeneralPractice, true, Labels{"GP", "Fastlege", "Fastlege"}},
	{ContactClinician, KindMandatory, SpecialistHealth, true, Labels{"Contact physician or contact psychologist", "Kontaktlege eller kontaktpsykolog", "Kontaktlege eller kontaktpsykolog"}},
	{InternalCoordinator, KindMandatory, SpecialistHealth, true, Labels{"Internal coordinator in the specialist health services", "Intern koordinator i spesialisthelsetjenesten", "Intern koordinator i spesialisthelsetenesta"}},

	{Patient, KindPatient, PrivateNetwork, false, Labels{"Patient", "Pasient/bruker", "Pasient/brukar"}},
	{NextOfKin, KindRelative, PrivateNetwork, false, Labels{"Next of kin", "Pårørende", "Pårørande"}},
	{ParentGuardian, KindRelative, PrivateNetwork, false, Labels{"Parent or guardian", "Foresatt", "Føresett"}},
	{LegalRepresentative, KindRelative, PrivateNetwork, false, Labels{"Legal representative", "Verge", "Verje"}},
	{FamilyMember, KindRelative, PrivateNetwork, false, Labels{"Family member or friend", "Familie eller venn", "Familie eller ven"}},

	{SpecialistPhysician, KindProfessional, SpecialistHealth, false, Labels{"Physician, specialist health services", "Lege i spesialisthelsetjenesten", "Lege i spesialisthelsetenesta"}},
	{Psychologist, KindProfessional, SpecialistHealth, false, Labels{"Psychologist, specialist health services", "Psykolog i spesialisthelsetjenesten", "Psykolog i spesialisthelsetenesta"}},
	{HospitalNurse, KindProfessional, SpecialistHealth, false, Labels{"Nurse, specialist health services", "Sykepleier i spesialisthelsetjenesten", "Sjukepleiar i spesialisthelsetenesta"}},
	{HospitalCoordinator, KindProfessional, SpecialistHealth, false, Labels{"Pathway coordinator, hospital", "Forløpskoordinator i sykehus", "Forløpskoordinator i sjukehus"}},
	{HabilitationTeam, KindProfessional, SpecialistHealth, false, Labels{"Habilitation services", "Habiliteringstjenesten", "Habiliteringstenesta"}},
	{ChildPsychiatry, KindProfessional, SpecialistHealth, false, Labels{"Child and adolescent mental health services", "Barne- og ungdomspsykiatrisk poliklinikk (BUP)", "Barne- og ungdomspsykiatrisk poliklinikk (BUP)"}},
	{AutismTeam, KindProfessional, SpecialistHealth, false, Labels{"Autism team", "Autismeteam", "Autismeteam"}},
	{HospitalSocialWorker, KindProfessional, SpecialistHealth, false, Labels{"Social worker, hospital", "Sosionom i sykehus", "Sosionom i sjukehus"}},

	{GeneralPractitioner, KindProfessional, GeneralPractice, false, Labels{"General practitioner", "Allmennlege (fastlege)", "Allmennlege (fastlege)"}},

	{MunicipalCoordinator, KindProfessional, MunicipalHealth, false, Labels{"Municipal coordinator", "Koordinator i kommunen", "Koordinator i kommunen"}},
	{CoordinatingUnit, KindProfessional, MunicipalHealth, false, Labels{"Coordinating unit", "Koordinerende enhet", "Koordinerande eining"}},
	{HomeNursing, KindProfessional, MunicipalHealth, false, Labels{"Home nursing", "Hjemmesykepleie", "Heimesjukepleie"}},
	{NursingHome, KindProfessional, MunicipalHealth, false, Labels{"Nursing home", "Sykehjem", "Sjukeheim"}},
	{ShortTermStay, KindProfessional, MunicipalHealth, false, Labels{"Short-term stay", "Korttidsopphold", "Korttidsopphald"}},
	{Physiotherapist, KindProfessional, MunicipalHealth, false, Labels{"Physiotherapist", "Fysioterapeut", "Fysioterapeut"}},
	{OccupationalTherapist, KindProfessional, MunicipalHealth, false, Labels{"Occupational therapist", "Ergoterapeut", "Ergoterapeut"}},
	{PublicHealthNurse, KindProfessional, MunicipalHealth, false, Labels{"Public health nurse", "Helsesykepleier", "Helsesjukepleiar"}},
	{MunicipalPhysician, KindProfessional, MunicipalHealth, false, Labels{"Municipal physician", "Kommunelege/sykehjemslege", "Kommunelege/sjukeheimslege"}},
	{EmergencyPrimaryCare, KindProfessional, MunicipalHealth, false, Labels{"Emergency primary care", "Legevakt", "Legevakt"}},
	{ServiceAllocation, KindProfessional, MunicipalHealth, false, Labels{"Service allocation office", "Tildelingskontor", "Tildelingskontor"}},
	{Assistant, KindProfessional, MunicipalHealth, false, Labels{"Assistant", "Assistent", "Assistent"}},
	{ReliefService, KindProfessional, MunicipalHealth, false, Labels{"Relief service", "Avlastning", "Avlasting"}},
	{DayCentre, KindProfessional, MunicipalHealth, false, Labels{"Day centre", "Dagsenter", "Dagsenter"}},
	{MentalHealthService, KindProfessional, MunicipalHealth, false, Labels{"Municipal mental health service", "Kommunal psykisk helsetjeneste", "Kommunal psykisk helseteneste"}},
	{Pharmacist, KindProfessional, MunicipalHealth, false, Labels{"Pharmacist", "Farmasøyt", "Farmasøyt"}},

	{School, KindProfessional, Education, false, Labels{"School", "Skole", "Skule"}},
	{Kindergarten, KindProfessional, Education, false, Labels{"Kindergarten", "Barnehage", "Barnehage"}},
	{PPT, KindProfessional, Education, false, Labels{"Educational-psychological service (PPT)", "Pedagogisk-psykologisk tjeneste (PPT)", "Pedagogisk-psykologisk teneste (PPT)"}},

	{ChildWelfare, KindProfessional, Welfare, false, Labels{"Child welfare service", "Barnevernstjenesten", "Barnevernstenesta"}},
	{NAV, KindProfessional, Welfare, false, Labels{"NAV (labour and welfare)", "NAV", "NAV"}},
	{AssistiveTechnology, KindProfessional, Welfare, false, Labels{"Assistive technology centre", "Hjelpemiddelsentral", "Hjelpemiddelsentral"}},

	{VoluntaryOrganisation, KindProfessional, Voluntary, false, Labels{"Voluntary organisation", "Frivillig organisasjon", "Frivillig organisasjon"}},
	{PatientOrganisation, KindProfessional, Voluntary, false, Labels{"Patient or user organisation", "Pasient- og brukerorganisasjon", "Pasient- og brukarorganisasjon"}},
	{PrivateServiceProvider, KindProfessional, AnySector, false, Labels{"Private service provider", "Privat tjenesteyter", "Privat tenesteytar"}},
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

// MisfitError says why a member cannot hold a mandatory role, in English,
// bokmål and nynorsk.
type MisfitError struct {
	Mandatory Code
	Reason    Labels
}

func (e *MisfitError) Error() string { return e.Reason.EN }

// Fits reports whether holder may hold the mandatory role m; a *MisfitError
// says why not, in words a coordinator understands.
//
//   - GP: held by a general practitioner.
//   - Contact physician/psychologist: a physician or psychologist working in
//     the specialist health services (the report's "kontaktlege/-psykolog").
//   - Internal coordinator: anyone working in the specialist health services.
//   - Coordinator and leader: any professional (in the fieldwork a municipal
//     physiotherapist coordinated); the mandate requirement is checked where
//     the mandate lives.
func Fits(m Code, h Holder) error {
	misfit := func(en, nb, nn string) error { return &MisfitError{m, Labels{en, nb, nn}} }
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
