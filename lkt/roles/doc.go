// Package roles is the role catalogue of the LKT framework: the four mandatory
// roles every actor map must have, the patient and relatives, and the other
// kinds of actors the report meets around a patient (home nursing, school, PPT,
// child welfare, NAV, assistants, relief services, voluntary organisations …).
//
// Each role has a stable code (safe to store and to send over the wire), the
// sector or service level it belongs to, whether it is one of the four
// mandatory roles, and labels in English, bokmål and nynorsk.
//
// The four mandatory roles (report 7.1.2) are assignments inside one actor
// community, held by members whose own role fits them: the GP role is held by
// a general practitioner, the contact physician/psychologist by a specialist
// physician or psychologist in the specialist health services, the internal
// coordinator by anyone working in the specialist health services, and the
// coordinator and leader by any professional member given a mandate. [Fits]
// states those rules once.
//
// The package imports nothing else of go-lkt.
package roles
