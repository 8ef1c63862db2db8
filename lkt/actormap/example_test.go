package actormap_test

import (
	"fmt"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

func exampleMap() actormap.Map {
	return actormap.Map{
		Patient: "Ida",
		Actors: []actormap.Actor{
			{ID: "kari", Name: "Kari", Role: roles.Physiotherapist, Sector: roles.MunicipalHealth, Status: actormap.Active},
			{ID: "holm", Name: "Dr. Holm", Role: roles.SpecialistPhysician, Sector: roles.SpecialistHealth, Status: actormap.Active},
			{ID: "jon", Name: "Jon", Role: roles.Assistant, Sector: roles.Education, Status: actormap.Active},
			{ID: "lie", Name: "Dr. Lie", Role: roles.GeneralPractitioner, Sector: roles.GeneralPractice, Status: actormap.Active},
		},
		Holders: map[roles.Code]actormap.ActorID{roles.CoordinatorLeader: "kari", roles.ContactClinician: "holm", roles.GP: "lie"},
		Ties: []actormap.Tie{
			{From: "kari", To: actormap.PatientID, Channel: actormap.InPerson, Frequency: actormap.Weekly},
			{From: "kari", To: "holm", Channel: actormap.Phone, Frequency: actormap.Weekly},
			{From: "jon", To: actormap.PatientID, Channel: actormap.InPerson, Frequency: actormap.Daily},
			{From: "lie", To: "kari", Channel: actormap.Message, Frequency: actormap.Monthly, Planned: true},
		},
	}
}

func ExampleMap_Compare() {
	m := exampleMap()
	coordinator := actormap.Perspective{Owner: "kari",
		Known: []actormap.Seen{{Actor: "holm"}, {Actor: "jon"}},
		Ties:  []actormap.Tie{{From: "kari", To: "holm", Channel: actormap.Phone, Frequency: actormap.Weekly}}}
	physician := actormap.Perspective{Owner: "holm", Known: []actormap.Seen{{Actor: "kari"}}}
	c, err := m.Compare(coordinator, physician)
	if err != nil {
		panic(err)
	}
	fmt.Print(c.Text(roles.English))
	// Output:
	// Dr. Holm (Contact physician/psychologist) does not know Jon (Assistant).
	// Kari (Coordinator) believes they talk weekly by phone with Dr. Holm (Contact physician/psychologist), who lists no such line.
}

func ExampleMap_Analyse() {
	m := exampleMap()
	a, err := m.Analyse(actormap.Scenario{Name: "Kari on leave", Kind: actormap.Departure, Leave: []actormap.ActorID{"kari"}})
	if err != nil {
		panic(err)
	}
	fmt.Print(a.Text(roles.English))
	// Output:
	// Scenario “Kari on leave” (departure).
	// Away: Kari (Coordinator): leaves.
	// In the default placement, 1 of 3 actors are close to the patient (by ring, closest first: 0, 1, 2, 0).
	// - NEW: The mandatory role Coordinator and leader of the actor community is vacant: Kari is not available.
	// - The mandatory role Internal coordinator in the specialist health services is vacant.
	// - NEW: The line between Ida (the patient) and Kari (Coordinator) (weekly in person) loses its end: Kari is gone.
	// - NEW: The line between Kari (Coordinator) and Dr. Holm (Contact physician/psychologist) (weekly by phone) loses its end: Kari is gone.
	// - NEW: The planned line between Kari (Coordinator) and Dr. Lie (GP) (monthly by electronic messages) loses its end: Kari is gone.
	// - NEW: Dr. Holm (Contact physician/psychologist) has no line, direct or through others, to the patient or relatives.
	// - Dr. Lie (GP) has no line, direct or through others, to the patient or relatives.
	// - NEW: Ida (the patient) has no line to anyone holding a mandatory role.
	// - Jon (Assistant) has no line to anyone holding a mandatory role.
}

func ExamplePicture_DOT() {
	m := exampleMap()
	m.Actors = m.Actors[:2]
	m.Holders = map[roles.Code]actormap.ActorID{roles.CoordinatorLeader: "kari"}
	m.Ties = m.Ties[:2]
	p, err := m.Picture(actormap.RenderOptions{Lang: roles.English})
	if err != nil {
		panic(err)
	}
	fmt.Print(string(p.DOT()))
	// Output:
	// graph actormap {
	// 	graph [label="Actor map: Ida", labelloc=t, layout=neato, fontname="Helvetica"];
	// 	node [fontname="Helvetica", fontsize=10, style=filled];
	// 	edge [fontname="Helvetica", fontsize=9];
	// 	"patient" [label="⁨Ida⁩\nPatient", tooltip="Ida", pos="0.00,0.00!", shape=doublecircle, fillcolor="#ffffff"];
	// 	"a0" [label="⁨Kari⁩\n★ Coordinator", tooltip="Kari · Physiotherapist · Municipal health and care services", pos="1.04,2.50!", shape=circle, fillcolor="#009E73", peripheries=2];
	// 	"a1" [label="⁨Dr. Holm⁩\nPhysician, specialist health serv…", tooltip="Dr. Holm · Physician, specialist health services · Specialist health services", pos="0.00,-3.68!", shape=box, fillcolor="#0072B2"];
	// 	"seat-gp" [label="(vacant)\n★ GP", tooltip="Vacant mandatory role: GP", pos="2.50,-1.04!", shape=circle, style=dashed];
	// 	"seat-contact-clinician" [label="(vacant)\n★ Contact physician/psychologist", tooltip="Vacant mandatory role: Contact physician or contact psychologist", pos="-1.04,-2.50!", shape=circle, style=dashed];
	// 	"seat-internal-coordinator" [label="(vacant)\n★ Internal coordinator", tooltip="Vacant mandatory role: Internal coordinator in the specialist health services", pos="-2.50,1.04!", shape=circle, style=dashed];
	// 	"a0" -- "patient" [style=solid, color="#444444", tooltip="Kari · Physiotherapist · Municipal health and care services – Ida: weekly in person"];
	// 	"a0" -- "a1" [style=solid, color="#444444", tooltip="Kari · Physiotherapist · Municipal health and care services – Dr. Holm · Physician, specialist health services · Specialist health services: weekly by phone"];
	// }
}
