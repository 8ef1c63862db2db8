// Package actormap is element B of the LKT framework as a working tool: the
// actor map around one patient, the lines of communication in it, and the
// analyses the report uses the map for (report 7.1.2, figs. 9, 16–19).
//
//   - Actors and Ties: who is in the community (role, sector, workplace,
//     status, contact) and who talks to whom, through which Channel, how
//     often, and whether the line exists or is only planned. The patient is
//     a node too (PatientID), so lines can join the patient.
//   - Perspectives: the map as the patient, the GP, the coordinator or any
//     member sees it. Map.Compare lists the discrepancies — actors one side
//     does not know, lines one side believes in and the other does not list,
//     roles and mandatory-role holders seen differently — as sentences a
//     coordinator can read (Difference.Text).
//   - Proximity and density: Situations place actors on four rings by
//     closeness to the patient in a phase ("everyday", "admission", "red
//     phase"); Map.Density counts how many stand close.
//   - Census: persons per service and sector, and how many work in the home (fig. 9).
//   - Scenarios: Map.Analyse plays a change (people leaving by a date, an
//     admission, a school transition, the red phase) on a copy and reports
//     what breaks: vacant mandatory roles, lines that lose an end, actors out
//     of reach, actors without a line to any mandatory role, and single
//     points of failure — the "lifebuoy" of report 6.2.3, an actor whose
//     departure cuts the patient and relatives off from someone. Map.Risks
//     runs the same checks on the real map.
//   - Pictures: Map.Picture, ComparisonPicture and ScenarioPicture lay the
//     map out on rings and write it as accessible SVG or Graphviz DOT.
//
// Every function that takes input validates it and returns an *Error with
// code "invalid" and the field that failed. The package imports only
// lkt/roles and the standard library; package lkt builds Maps from its
// members and reads errors through Error's methods, so the analyses can be
// used and tested on hand-made maps without a community. Nothing here reads
// the clock or draws random numbers: the same map gives the same output.
package actormap
