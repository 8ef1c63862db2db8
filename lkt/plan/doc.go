// Package plan is element D of the LKT framework, the actor community's
// plan for collaboration ("felles plan for samarbeid", report 7.1.4), and
// the pure parts of element E, its execution (report 7.1.5).
//
// A [Plan] has the report's seven sections, each a typed structure: the
// patient and the challenges in the shared zone, drawn from a revision of
// the patient's story (element A); roles and clarifications, with actors
// missing or no longer needed; communication lines — who informs whom,
// about what, through which [Channel], how often; transitions and
// contingency — planned and unplanned changes with "who does what if…",
// and the phase model ([Green], [Yellow], [Red]) with the signs and
// measures of each phase; the annual wheel ("årshjul") of mandatory
// activities with a [Recurrence] each; the documentation agreement,
// including how the patient's stories are kept without "writing the person
// down"; and the evaluation plan.
//
// Plans are kept as [Revision]s. [Validate] checks what a draft holds (code
// invalid); [Gaps] and [Complete] say what it lacks before it can be agreed
// (code precondition failed). Both name the section and field, e.g.
// "sections.contingency.phases.red.measures". [Revision.Outstanding] says
// who has yet to accept. The rules that need the community — who is a
// member, the mandatory roles, consent, the coordinator's mandate — are
// supplied by package lkt through a [Directory] and a [Context], so this
// package imports only lkt/roles and the standard library.
//
// Element E: [Execution] holds the improvement [Cycle] (prepare → plan → do
// → evaluate → follow up, going back allowed and recorded), the phase
// history and the [ActiveMeasure]s a move to yellow or red activates,
// hospital [Stay]s and the [Obligation]s they make due, and the log of
// activities, [Meeting]s with their [Decision]s, [Deviation]s and
// [Evaluation]s. [Agenda] computes what is open and overdue; [NextDue] and
// [EvaluationDue] feed the portfolio queries.
//
// [RenderText] and [RenderHTML] write the plan in English, bokmål or nynorsk for the
// patient to have in writing, as a person reads it.
//
// Choices where the report is silent:
//
//   - A draft may be incomplete; what it holds must be valid. Completeness
//     is checked when the plan is accepted and agreed.
//   - The minimum package of the annual wheel is at least one activity by
//     the calendar plus the collaboration meetings before every elective
//     admission and before every discharge that the framework names.
//   - Every plan covers at least one planned and one unplanned change, and
//     all three phases, each with signs and measures.
//   - An activity's calendar runs from the first agreement of the revision
//     that introduced it; revising another part of the plan does not
//     restart it. Occurrences count only while a revision holding the
//     activity was in force.
//   - Moving to green activates nothing (its measures are the standing
//     work); moving to yellow or red again does not duplicate a measure of
//     that phase that is still open.
//   - Nothing here reads a clock: every function takes the time it judges.
package plan
