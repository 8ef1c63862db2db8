package demo

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"time"

	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/demoauth"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/ident"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// LoginsJSON is the demo logins file, in the format demoauth.LoadTokens reads.
//
//go:embed logins.json
var LoginsJSON []byte

// Logins returns the demo logins.
func Logins() ([]demoauth.Login, error) {
	var f struct {
		Logins []demoauth.Login `json:"logins"`
	}
	if err := json.Unmarshal(LoginsJSON, &f); err != nil {
		return nil, err
	}
	return f.Logins, nil
}

// The demo communities.
const (
	Emil lkt.ID = "c-emil" // a boy with a progressive muscle disease
	Olav lkt.ID = "c-olav" // an elderly man after a stroke
	Sara lkt.ID = "c-sara" // a girl with autism; her mother is the only channel
)

// Principals used to build the data: those with a demo login carry the
// claims it verified (the founders are verified health personnel), so the
// data is built under the same rules as every request.
var (
	marit = loginOf("marit")
	hilde = loginOf("hilde")
	hanne = loginOf("hanne")
	olav  = loginOf("olav")
)

// loginOf returns the principal of the demo login with id.
func loginOf(id actormap.ActorID) lkt.Principal {
	ls, err := Logins()
	if err != nil {
		panic(err) // the embedded file is part of the program
	}
	for _, l := range ls {
		if l.Principal.ID == id {
			return l.Principal
		}
	}
	panic("demo: no login for " + id)
}

type step struct {
	by  lkt.Principal
	cmd lkt.Command
}

type community struct {
	in    lkt.NewCommunity
	by    lkt.Principal
	steps []step
}

// Load creates the demo communities that do not exist yet and reports how
// many it created. Run it at start-up: the first run loads everything,
// later runs find it there.
func Load(ctx context.Context, svc *lkt.Service) (int, error) {
	now := svc.Config().Clock.Now()
	cs, err := communities(now)
	if err != nil {
		return 0, err
	}
	created := 0
	for _, c := range cs {
		if _, err := svc.Summary(ctx, loader(), c.in.ID); err == nil {
			continue
		} else if !lkt.Is(err, lkt.NotFound) {
			return created, err
		}
		if _, err := svc.Create(ctx, c.by, c.in); lkt.Is(err, lkt.Conflict) {
			continue // another server on the same database is loading it
		} else if err != nil {
			return created, fmt.Errorf("%s: create: %w", c.in.ID, err)
		}
		for i, s := range c.steps {
			if _, err := svc.Do(ctx, s.by, c.in.ID, lkt.AnyVersion, s.cmd); err != nil {
				return created, fmt.Errorf("%s: step %d (%s): %w", c.in.ID, i+1, s.cmd.CommandName(), err)
			}
		}
		created++
	}
	return created, nil
}

func lktID(s string) actormap.ActorID { return actormap.ActorID(s) }

func nin(birth time.Time, seq int) (string, error) { return ident.SyntheticNumber(birth, false, seq) }

func communities(now time.Time) ([]community, error) {
	emilBirth := time.Date(2014, time.March, 21, 0, 0, 0, 0, time.UTC)
	olavBirth := time.Date(1942, time.May, 17, 0, 0, 0, 0, time.UTC)
	saraBirth := time.Date(2016, time.October, 3, 0, 0, 0, 0, time.UTC)
	var ids [3]string
	for i, b := range []time.Time{emilBirth, olavBirth, saraBirth} {
		n, err := nin(b, []int{512, 318, 647}[i])
		if err != nil {
			return nil, err
		}
		ids[i] = n
	}
	phone := func(s string) actormap.Contact { return actormap.Contact{Phone: s} }
	// Parental responsibility as the population register records it, since
	// the child's birth.
	parents := func(birth time.Time) *lkt.RepresentationBasis {
		return &lkt.RepresentationBasis{Kind: lkt.BasisPopulationRegister, Authority: "Folkeregisteret", Date: birth, Reference: "Folkeregisteret, foreldreansvar"}
	}
	leaving := now.AddDate(0, 4, 0)

	emil := community{
		by: marit,
		in: lkt.NewCommunity{ID: Emil, Municipality: "Bjørnafjorden",
			Patient: lkt.Patient{ID: "emil", Name: "Emil Haugland", NationalID: ids[0]},
			Founder: &lkt.NewMember{ID: "marit", Name: "Marit Solheim", Role: roles.Physiotherapist, Organisation: "Bjørnafjorden kommune",
				Workplace: "Rehabiliteringstjenesten", Contact: actormap.Contact{Phone: "+47 555 00 101", Email: "marit.solheim@example.org"}}},
		steps: []step{
			{marit, lkt.AddMember{Member: lkt.NewMember{ID: "hanne", Name: "Hanne Haugland", Role: roles.ParentGuardian, ParentalResponsibility: true, Contact: phone("+47 400 00 201"), Basis: parents(emilBirth)}}},
			{marit, lkt.AddMember{Member: lkt.NewMember{ID: "rune", Name: "Rune Haugland", Role: roles.ParentGuardian, ParentalResponsibility: true, Basis: parents(emilBirth)}}},
			{hanne, lkt.GiveConsent{GivenBy: "hanne", Note: "Samtykkeskjema signert hjemme hos familien."}},
			{marit, lkt.AddMember{Member: lkt.NewMember{ID: "anders", Name: "Anders Vik", Role: roles.GeneralPractitioner, Organisation: "Os legesenter"}}},
			{marit, lkt.AddMember{Member: lkt.NewMember{ID: "ingrid", Name: "Ingrid Lunde", Role: roles.SpecialistPhysician, Organisation: "Helse Bergen", Workplace: "Barne- og ungdomsklinikken"}}},
			{marit, lkt.AddMember{Member: lkt.NewMember{ID: "tone", Name: "Tone Bakke", Role: roles.HospitalCoordinator, Organisation: "Helse Bergen", Workplace: "Barne- og ungdomsklinikken"}}},
			{marit, lkt.AddMember{Member: lkt.NewMember{ID: "habil", Name: "Habiliteringstjenesten for barn", Role: roles.HabilitationTeam, Organisation: "Helse Bergen"}}},
			{marit, lkt.AddMember{Member: lkt.NewMember{ID: "skole", Name: "Lars Moe (kontaktlærer)", Role: roles.School, Organisation: "Os ungdomsskule"}}},
			{marit, lkt.AddMember{Member: lkt.NewMember{ID: "bpa", Name: "Jonas Aas (assistent)", Role: roles.Assistant, WorksInHome: true}}},
			{marit, lkt.RecordInclusion{Criterion: lkt.IdentifiedJointly, Note: "Felles inntaksmøte sykehus og kommune."}},
			{marit, lkt.RecordInclusion{Criterion: lkt.BenefitAgreed}},
			{marit, lkt.RecordInclusion{Criterion: lkt.Informed}},
			{marit, lkt.AssignRole{Role: roles.GP, MemberID: "anders"}},
			{marit, lkt.AssignRole{Role: roles.ContactClinician, MemberID: "ingrid"}},
			{marit, lkt.AssignRole{Role: roles.InternalCoordinator, MemberID: "tone"}},
			{marit, lkt.AppointCoordinator{MemberID: "marit"}},
			{marit, lkt.AnchorMandate{LineManager: lkt.LineManager{Name: "Eva Dale", Title: "Leder, rehabilitering", Organisation: "Bjørnafjorden kommune"}, AcknowledgedOn: now}},
			{hanne, lkt.ReviseStory{
				GoodDay:      "En god dag er når Emil har sovet hele natten, kommer seg på skolen og kan spille med vennene sine på kvelden.",
				LessGoodDays: "Dårlige dager er når han har vondt etter lang sitting, og når nye assistenter ikke vet hvordan han skal løftes.",
				LifeNow:      "Emil bruker elektrisk rullestol. Ryggoperasjon er planlagt til våren.",
				Challenges:   []string{"Smerter og trøtthet etter sitting", "Assistentene skifter ofte", "Ingen plan for tiden etter operasjonen"}}},
			{marit, lkt.Activate{}},
		},
	}
	emil.steps = append(emil.steps, emilPlanSteps(now)...)

	olavC := community{
		by: hilde,
		in: lkt.NewCommunity{ID: Olav, Municipality: "Alver",
			Patient: lkt.Patient{ID: "olav", Name: "Olav Brekke", NationalID: ids[1]},
			Founder: &lkt.NewMember{ID: "hilde", Name: "Hilde Sande", Role: roles.MunicipalCoordinator, Organisation: "Alver kommune",
				Workplace: "Koordinerende enhet", Contact: actormap.Contact{Phone: "+47 555 00 301"}}},
		steps: []step{
			{hilde, lkt.AddMember{Member: lkt.NewMember{ID: "liv", Name: "Liv Brekke", Role: roles.NextOfKin, Contact: phone("+47 400 00 302")}}},
			// Olav consents himself and names his daughter as the relative
			// who takes part.
			{olav, lkt.GiveConsent{GivenBy: "olav", Note: "Samtykket lest høyt med datteren til stede.", Relatives: []actormap.ActorID{"liv"}}},
			{hilde, lkt.AddMember{Member: lkt.NewMember{ID: "kari-gp", Name: "Kari Myhre", Role: roles.GeneralPractitioner, Organisation: "Knarvik legesenter"}}},
			{hilde, lkt.AddMember{Member: lkt.NewMember{ID: "nevro", Name: "Bjørn Tveit", Role: roles.SpecialistPhysician, Organisation: "Helse Bergen", Workplace: "Nevrologisk avdeling"}}},
			{hilde, lkt.AddMember{Member: lkt.NewMember{ID: "forlop", Name: "Siri Rong", Role: roles.HospitalCoordinator, Organisation: "Helse Bergen"}}},
			{hilde, lkt.AddMember{Member: lkt.NewMember{ID: "heim", Name: "Hjemmesykepleien sone 3", Role: roles.HomeNursing, WorksInHome: true}}},
			{hilde, lkt.AddMember{Member: lkt.NewMember{ID: "sjukeheim", Name: "Alver sjukeheim, korttid", Role: roles.ShortTermStay}}},
			{hilde, lkt.AddMember{Member: lkt.NewMember{ID: "tildeling", Name: "Tildelingskontoret", Role: roles.ServiceAllocation}}},
			{hilde, lkt.RecordInclusion{Criterion: lkt.IdentifiedJointly, Note: "Utskrivingsmøte på sykehuset."}},
			{hilde, lkt.RecordInclusion{Criterion: lkt.BenefitAgreed}},
			{hilde, lkt.RecordInclusion{Criterion: lkt.Informed}},
			{hilde, lkt.AssignRole{Role: roles.GP, MemberID: "kari-gp"}},
			{hilde, lkt.AssignRole{Role: roles.ContactClinician, MemberID: "nevro"}},
			{hilde, lkt.AssignRole{Role: roles.InternalCoordinator, MemberID: "forlop"}},
			{hilde, lkt.AppointCoordinator{MemberID: "hilde"}},
			{hilde, lkt.AnchorMandate{LineManager: lkt.LineManager{Name: "Tor Aas", Title: "Kommunalsjef helse og omsorg", Organisation: "Alver kommune"}, AcknowledgedOn: now}},
			{olav, lkt.ReviseStory{
				GoodDay:    "Kaffe med Liv om morgenen, en tur til benken ved sjøen, ingen nye fjes i døren.",
				LifeBefore: "Fisker og snekker. Enkemann i seks år.",
				LifeNow:    "Etter hjerneslaget har jeg flyttet fem ganger mellom sykehus og sykehjem. Jeg vil ha avtalene skriftlig.",
				Challenges: []string{"Mange flyttinger", "Vet ikke hvem jeg skal ringe", "Avtaler gis ikke skriftlig"}}},
			{hilde, lkt.Activate{}},
			// The neurologist leaves within months: the page warns.
			{hilde, lkt.ChangeMemberStatus{MemberID: "nevro", Status: actormap.Leaving, LeavingOn: &leaving, Reason: "Ny stilling i Oslo"}},
		},
	}

	sara := community{
		by: marit,
		in: lkt.NewCommunity{ID: Sara, Municipality: "Bjørnafjorden",
			Patient: lkt.Patient{ID: "sara", Name: "Sara Lie", NationalID: ids[2]},
			Founder: &lkt.NewMember{ID: "marit", Name: "Marit Solheim", Role: roles.Physiotherapist, Organisation: "Bjørnafjorden kommune"}},
		steps: []step{
			{marit, lkt.AddMember{Member: lkt.NewMember{ID: "nina", Name: "Nina Lie", Role: roles.ParentGuardian, ParentalResponsibility: true, Contact: phone("+47 400 00 401"), Basis: parents(saraBirth)}}},
			// Nina signed the consent form at the first meeting; Marit,
			// who founded the community, records it on her word.
			{marit, lkt.GiveConsent{GivenBy: "nina", Note: "Samtykkeskjema signert i første møte.", Evidence: &lkt.Evidence{
				Kind: lkt.SignedForm, Date: now, Reference: "Bjørnafjorden kommune, arkivsak 2026/311"}}},
			{marit, lkt.AddMember{Member: lkt.NewMember{ID: "anders", Name: "Anders Vik", Role: roles.GeneralPractitioner, Organisation: "Os legesenter"}}},
			{marit, lkt.AddMember{Member: lkt.NewMember{ID: "bup", Name: "Eirik Sæle", Role: roles.Psychologist, Organisation: "Helse Bergen", Workplace: "BUP Os"}}},
			{marit, lkt.AddMember{Member: lkt.NewMember{ID: "ppt", Name: "PPT Bjørnafjorden", Role: roles.PPT}}},
			{marit, lkt.AddMember{Member: lkt.NewMember{ID: "skule", Name: "Os barneskule", Role: roles.School}}},
			{marit, lkt.AssignRole{Role: roles.GP, MemberID: "anders"}},
			{marit, lkt.AssignRole{Role: roles.ContactClinician, MemberID: "bup"}},
			{marit, lkt.RecordInclusion{Criterion: lkt.IdentifiedJointly}},
			{lkt.Person("nina"), lkt.ReviseStory{
				GoodDay:    "En god dag er forutsigbar: samme voksne på skolen, beskjed dagen før om endringer.",
				Challenges: []string{"Jeg er den eneste som snakker med alle", "Skolen og BUP kjenner ikke hverandre"}}},
		},
	}
	return []community{emil, olavC, sara}, nil
}

// loader is the principal that looks for the demo communities before
// loading them: a system taking part in communities.
func loader() lkt.Principal {
	p := lkt.System("demo-loader")
	p.Verified = lkt.Claims{Issuer: "demo", Rights: lkt.RightsOf(lkt.RightActInCommunities)}
	return p
}
