package actormap_test

import (
	"fmt"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

func day(s string) *time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &t
}

// boy10 is modelled on the report's boy of 10 with autism (6.2.2, 6.2.3): the
// GP met him once years ago and hears everything through the mother; Tone in
// the autism team advises the school and asks the mother to talk to the GP;
// a municipal coordinator is appointed but has met neither boy nor parents.
func boy10() actormap.Map {
	return actormap.Map{
		Patient: "Gutt 10",
		Actors: []actormap.Actor{
			{ID: "mor", Name: "Mor", Role: roles.ParentGuardian, Sector: roles.PrivateNetwork, Status: actormap.Active},
			{ID: "far", Name: "Far", Role: roles.ParentGuardian, Sector: roles.PrivateNetwork, Status: actormap.Active},
			{ID: "fastlege", Name: "Dr. Berg", Role: roles.GeneralPractitioner, Sector: roles.GeneralPractice, Status: actormap.Active},
			{ID: "tone", Name: "Tone", Role: roles.AutismTeam, Sector: roles.SpecialistHealth, Organisation: "Autismeteamet", Status: actormap.Active},
			{ID: "laerer", Name: "Kontaktlærer", Role: roles.School, Sector: roles.Education, Status: actormap.Active},
			{ID: "assistent", Name: "Skoleassistent", Role: roles.Assistant, Sector: roles.Education, Status: actormap.Active},
			{ID: "koord", Name: "Kommunal koordinator", Role: roles.MunicipalCoordinator, Sector: roles.MunicipalHealth, Status: actormap.Active},
			{ID: "avlast", Name: "Avlastningsbolig", Role: roles.ReliefService, Sector: roles.MunicipalHealth, Status: actormap.Active, WorksInHome: true},
		},
		Holders: map[roles.Code]actormap.ActorID{
			roles.GP:                "fastlege",
			roles.CoordinatorLeader: "koord",
		},
		Ties: []actormap.Tie{
			{From: "mor", To: actormap.PatientID, Channel: actormap.InPerson, Frequency: actormap.Daily},
			{From: "far", To: actormap.PatientID, Channel: actormap.InPerson, Frequency: actormap.Daily},
			{From: "mor", To: "far", Channel: actormap.InPerson, Frequency: actormap.Daily},
			{From: "mor", To: "fastlege", Channel: actormap.Phone, Frequency: actormap.AsNeeded, About: "all information to the GP comes through the mother"},
			{From: "tone", To: "mor", Channel: actormap.Phone, Frequency: actormap.Monthly},
			{From: "tone", To: "laerer", Channel: actormap.Meeting, Frequency: actormap.Monthly, About: "guidance for the school staff"},
			{From: "laerer", To: actormap.PatientID, Channel: actormap.InPerson, Frequency: actormap.Daily},
			{From: "assistent", To: actormap.PatientID, Channel: actormap.InPerson, Frequency: actormap.Daily},
			{From: "assistent", To: "laerer", Channel: actormap.InPerson, Frequency: actormap.Daily},
			{From: "koord", To: "mor", Channel: actormap.Letter, Frequency: actormap.Quarterly, About: "invitations to responsibility-group meetings"},
			{From: "avlast", To: actormap.PatientID, Channel: actormap.InPerson, Frequency: actormap.Weekly},
			{From: "avlast", To: "mor", Channel: actormap.Phone, Frequency: actormap.Weekly},
			{From: "fastlege", To: "tone", Channel: actormap.DischargeSummary, Planned: true, About: "the GP receives no summaries from the team"},
		},
		Situations: []actormap.Situation{
			{Name: "everyday", Placements: []actormap.Placement{
				{Actor: "laerer", Proximity: actormap.Closest},
				{Actor: "assistent", Proximity: actormap.Closest},
				{Actor: "tone", Proximity: actormap.Occasional},
				{Actor: "koord", Proximity: actormap.Distant},
				{Actor: "fastlege", Proximity: actormap.Distant},
			}},
			{Name: "examination under anaesthesia", Placements: []actormap.Placement{
				{Actor: "tone", Proximity: actormap.Close},
				{Actor: "fastlege", Proximity: actormap.Occasional},
			}, Absent: []actormap.ActorID{"laerer", "assistent", "avlast"}},
		},
		Perspectives: []actormap.Perspective{
			{Owner: "fastlege", Known: []actormap.Seen{{Actor: "mor"}, {Actor: "far"}, {Actor: "tone"}},
				Ties: []actormap.Tie{{From: "fastlege", To: "mor", Channel: actormap.Phone, Frequency: actormap.AsNeeded}},
				// "Nei – mor er koordinator."
				Holders: map[roles.Code]actormap.ActorID{roles.CoordinatorLeader: "mor", roles.GP: "fastlege"}},
			{Owner: "koord", Known: []actormap.Seen{{Actor: "mor"}, {Actor: "fastlege"}, {Actor: "laerer"}, {Actor: "tone"}},
				Ties: []actormap.Tie{
					{From: "koord", To: "mor", Channel: actormap.Letter, Frequency: actormap.Quarterly},
					{From: "koord", To: "fastlege", Channel: actormap.Meeting, Frequency: actormap.Quarterly},
					{From: "fastlege", To: "tone", Channel: actormap.DischargeSummary},
				},
				Holders: map[roles.Code]actormap.ActorID{roles.CoordinatorLeader: "koord", roles.GP: "fastlege"}},
		},
	}
}

// bigMap builds a deterministic map of n actors spread over the sectors and
// rings, with ties in a chain and to the patient, for layout and benchmarks.
func bigMap(n int) actormap.Map {
	kinds := []struct {
		role roles.Code
		sec  roles.Sector
	}{
		{roles.GeneralPractitioner, roles.GeneralPractice},
		{roles.SpecialistPhysician, roles.SpecialistHealth},
		{roles.HospitalNurse, roles.SpecialistHealth},
		{roles.MunicipalCoordinator, roles.MunicipalHealth},
		{roles.HomeNursing, roles.MunicipalHealth},
		{roles.Assistant, roles.MunicipalHealth},
		{roles.School, roles.Education},
		{roles.NAV, roles.Welfare},
		{roles.VoluntaryOrganisation, roles.Voluntary},
		{roles.NextOfKin, roles.PrivateNetwork},
	}
	m := actormap.Map{Patient: "Pasient", Holders: map[roles.Code]actormap.ActorID{}}
	sit := actormap.Situation{Name: "everyday"}
	names := []string{"Kari Nordmann", "Ola Hansen", "Ingrid Berg-Johansen", "Per", "Anne Lise Kristiansen", "Jon Olsen", "Sigrid Haugland", "Mohammed Ali", "Eva", "Tor Inge Dahl"}
	for i := range n {
		k := kinds[i%len(kinds)]
		id := actormap.ActorID(fmt.Sprintf("a%03d", i))
		m.Actors = append(m.Actors, actormap.Actor{ID: id, Name: fmt.Sprintf("%s %d", names[i%len(names)], i), Role: k.role, Sector: k.sec, Status: actormap.Active, WorksInHome: k.role == roles.Assistant})
		sit.Placements = append(sit.Placements, actormap.Placement{Actor: id, Proximity: actormap.Proximity(1 + (i*7/3)%4)})
		if i%3 == 0 {
			m.Ties = append(m.Ties, actormap.Tie{From: id, To: actormap.PatientID, Channel: actormap.InPerson, Frequency: actormap.Weekly})
		}
		if i > 0 {
			m.Ties = append(m.Ties, actormap.Tie{From: id, To: m.Actors[i-1].ID, Channel: actormap.Phone, Frequency: actormap.Monthly, Planned: i%5 == 0})
		}
	}
	for i, a := range m.Actors {
		switch {
		case a.Role == roles.GeneralPractitioner && m.Holders[roles.GP] == "":
			m.Holders[roles.GP] = a.ID
		case a.Role == roles.SpecialistPhysician && m.Holders[roles.ContactClinician] == "":
			m.Holders[roles.ContactClinician] = a.ID
		case a.Role == roles.HospitalNurse && m.Holders[roles.InternalCoordinator] == "":
			m.Holders[roles.InternalCoordinator] = a.ID
		case a.Role == roles.MunicipalCoordinator && m.Holders[roles.CoordinatorLeader] == "":
			m.Holders[roles.CoordinatorLeader] = a.ID
		}
		_ = i
	}
	m.Situations = []actormap.Situation{sit}
	return m
}
