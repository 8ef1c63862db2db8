// Package quality measures whether the framework works (element E and
// report 4.3, 4.4 and 8.3): target-group screening, indicators over one
// community and over a portfolio of communities, patient- and
// relative-reported experience, relational coordination between roles, and
// an implementation check after Normalization Process Theory.
//
// The package imports only lkt/roles and the standard library. Package lkt
// fills the input types (Screening, Facts, Response, RCResponse) from a
// community; integrators can fill them from their own records. Nothing here
// reads a clock: every measurement takes an explicit now.
//
// # Target-group screening
//
// Screen scores the two dimensions of the Swedish model (Vårdanalys PM
// 2016:1) that the report uses to frame its target group (3.4, fig. 5). Every
// input, its points and its effect are listed in Assessment.Lines.
//
// A. Complexity of coordination, 0–9 points; high from 5:
//
//	input                                      0      1      2
//	competences (persons) involved             0–2    3–5    6+
//	professions                                0–1    2–3    4+
//	organisations                              0–1    2–3    4+
//	sectors/service levels (not family)        0–1    2      3+
//	both specialist and municipal/GP services  no     yes    –
//
// B. Reduced capacity to take part in coordinating one's own care, 0–9
// points; reduced from 2:
//
//	input                                      0       1              2
//	age                                        16–66   under 16, 67+  –
//	cognitive impairment                       none    moderate       severe
//	mental ill health                          none    moderate       severe
//	reduced function                           none    moderate       severe
//	lacking language/understanding of society  none    moderate       severe
//
// Age alone never makes capacity reduced: the report names low and high age
// as factors, but a healthy child or a healthy 70-year-old is not in the
// target group on age alone. 16 is the health-law age of majority. A factor
// not assessed counts 0 and marks the assessment Incomplete.
//
// Groups: high A and reduced B is group 1; high A with an acute, fast
// course (Screening.Acute) is group 2; high A otherwise is group 4; low A
// with reduced B is group 3; low A and good B is group 5.
//
// Recommended is true for group 1 only, the report's "high complexity and
// reduced capacity". Group 2 is not recommended at screening: the report's
// target definition is long-term needs where lacking contingency and
// continuity has serious consequences "på kort- og lang sikt" (3.4), and an
// acute course may settle; the reasons ask for a new screening when it has.
// Group 3 is not recommended: coordination is not complex, so the binding
// actor community with four mandatory roles across service levels is more
// than the need; the individual plan and a coordinator may do. Because the
// report calls the boundaries fluid ("Grenseoppgangene er flytende", 3.4),
// an assessment one point from either threshold is marked Borderline and
// the actors decide together. The screening advises; inclusion (8.3:
// identified jointly, consent, agreed benefit, informed) is decided in
// package lkt.
//
// # Indicators
//
// Measure streams Facts, one community at a time, into a Portfolio and
// returns a Report of named indicators in three categories (8.3): structure,
// process and result. Each has a stable code, a definition in English,
// bokmål and nynorsk, a numerator, a denominator, a value and the period. Community
// measures a single community with the same definitions; Report.Table
// renders a plain-text table.
//
// Memory is constant in the number of communities: the Portfolio holds
// counters and a fixed histogram. The median days from consent to agreed
// plan is exact on whole days (durations rounded down) for 0–MedianMaxDays
// days, bounded by the histogram's size, not by the number of communities;
// a median beyond the range is reported as a lower bound (Indicator.Capped).
// The same Facts, period and now always give the same Report.
//
// Each category holds what 8.3 names in it. The report lists "rammer,
// ressurser, kompetanse" for structure, "aktiviteter, deltakelse,
// brukermedvirkning" for process and "trygghet, avlastning, kontinuitet i
// relasjoner, kvalitet i relasjoner, fellesansvar" for result, without
// saying how to count them; the choices:
//
//   - Competence (structure, coordinator-competence): communities whose
//     coordinator has recorded all four areas 7.1.3 asks of the role —
//     "forbedringsarbeid, koordinering, … samhandling og ledelse" (see
//     Competences) — over communities with a coordinator.
//   - Resources (structure, coordinator-time): communities whose line
//     manager has set time aside for the coordinator; 7.1.3 asks the leader
//     to "skape mulighetsrom for utøvelse av rollen" so that it is not "en
//     salderingspost". The actors themselves, the other resource 7.1.3
//     names, are counted by actors-per-community.
//   - Participation (process, meeting-participation): people present per
//     collaboration meeting held.
//   - User involvement (process, user-involvement): meetings at which the
//     patient or a representative took part.
//   - Shared responsibility (result, shared-responsibility): decisions
//     given to a member other than the coordinator (the one holding the
//     role when the Facts are drawn). The fieldwork saw care hang on one
//     person ("Tone er livbøyen min"); a community where every decision
//     lands on the coordinator shares little.
//
// # Surveys
//
// Collector gathers answers to a configurable Survey on a five-point scale:
// DefaultExperienceSurvey (safety, being known, knowing whom to contact,
// having the plan in writing, relief), written for this project, and
// DefaultNPTSurvey, a NoMAD-style check of the four NPT constructs
// (coherence, cognitive participation, collective action, reflexive
// monitoring) with items also written here. RCCollector gathers relational
// coordination: each respondent rates each other role on the seven
// dimensions (frequent, timely, accurate and problem-solving communication;
// shared goals, shared knowledge, mutual respect). The validated relational
// coordination survey is licensed by its owners and is not reproduced: the
// dimensions ship with neutral descriptions, and LoadRCTexts takes the
// licensed wording.
//
// Every figure carries the number of respondents behind it and is
// suppressed below a configurable minimum (DefaultMinRespondents). A
// submission out of scale, rating the respondent's own role, from a
// respondent who has already answered, or for a community without active
// consent is refused with an *Error and the collector is left unchanged.
// Suppression protects single figures; it does not guard against
// differencing two reports taken before and after one more response.
package quality
