// Package lkt is the domain core of go-lkt: one patient's actor community
// ("aktørfellesskap") under the LKT framework for long-term and coordinated
// health and care services, with every rule the framework's report states
// about consent, membership and the mandatory roles.
//
// A [Community] holds the patient, their consent, element A (the patient's
// story, "my good day", a living document with every revision kept), element
// B (the members, built on [actormap.Actor]), element C (the coordinator and
// leader with a mandate anchored with their line manager) and a lifecycle:
// draft → active ⇄ paused → closed.
//
// Every change is a [Command] applied with [Community.Do]: it validates its
// input (go-playground/validator, with Norwegian identity, HPR and
// organisation numbers), checks who may issue it and that consent covers it,
// changes the state and records a typed, past-tense [Event]. On error
// nothing changes. A [Clock] is passed in through [Config]; nothing reads the
// wall clock.
//
// The [Service] puts a [Store] underneath: it loads, authorises, applies,
// saves against the version it read (optimistic concurrency) and writes an
// [AuditEntry] for every read and write, refused ones included. A
// [CachingStore] spares a command the load: it is decided on the store's
// copy and saved over the copy's version, and decided again on the stored
// community whenever the copy is stale or would refuse it.
//
// What every reader sees beside the state — consent, readiness, warnings,
// the plan and its execution at a glance — is the [Overview], taken at one
// instant ([Service.Overview] reads the clock once); adapters encode it.
//
// The Community's accessors (Story, Members, …) do not check who is
// reading: they are for code that has already authorised the read. Use the
// Service, or [Community.CanRead], at every boundary where a person reads.
// A [System] principal (an integration) may issue the same commands as a
// professional member and reads under the same consent rule, but it never
// speaks for the patient: it cannot write the story or hold a role.
//
// # Rules and the choices made where the report is silent
//
//   - Consent: nothing is shared and nothing but consent itself can be
//     written until consent is given — by the patient from 16 (health-law
//     majority), by those with parental responsibility for a child under 16,
//     or by a legal representative where a professional has assessed that
//     the patient lacks capacity. A parent's consent for a patient of 16 or
//     more is refused; when a child with a parent's consent turns 16 the
//     community reports [RenewalRequired]: sharing goes on (care must not stop
//     on a birthday) but nothing new binds until the patient consents.
//   - Withdrawal stops all sharing at once: members other than the patient
//     and their representatives can neither read nor change the community.
//     Nothing is deleted, the withdrawal is itself an event, and consent can
//     be given again — but the withdrawal is the patient's: only the patient
//     or a representative in person, or evidence dated after the withdrawal
//     (and a consent dated after it), brings it back
//     ([RuleWithdrawalIsPatients]).
//
// # Authority: what the domain trusts (issue 15)
//
// A [Principal] carries the [Claims] its authenticator verified; the
// domain trusts those and nothing a caller says about themself. The
// choices made where the report and the law are silent:
//
//   - Founding: a person founds a community only if verified as health
//     personnel (an HPR number with the authorisation), whatever role they
//     give, and the HPR number they give as founder must be the verified
//     one; a system only with [RightCreateCommunities]
//     ([RuleFounderVerified]). The report has communities started by the
//     services ("tjenesteaktørene") around the patient; we read that as
//     health personnel, since the founder records consent on the patient's
//     word until a coordinator is appointed.
//   - Acting on someone else's word: consent, a withdrawal (and, see
//     below, acceptances and story revisions) recorded for another person
//     is allowed only to the coordinator — the report's one contact point,
//     "koordinator" with a mandate — or, while nobody holds that role, the
//     founder if still a member; or to a system configured with
//     [RightRecordOnBehalf]; and only with [Evidence]: a signed form, a
//     digital consent in another system with its reference, or verbal
//     words before a named witness, always with date and reference
//     ([RuleOnBehalfByCoordinator], [RuleEvidenceRequired]). The act is
//     marked [OnBehalf] in the state and its event. A withdrawal told to
//     another member is passed to the coordinator: we chose one person
//     accountable for every act on another's word over the speed of
//     letting any member record a withdrawal, because a forged withdrawal
//     would stop care just as a forged consent would restart sharing.
//     Evidence is refused where a person acts in person, so that "on
//     behalf" always means the same thing.
//   - Agreement: each party accepts the plan for themself: a member's
//     acceptance is that member's own act, never recorded on their word
//     ([RuleOwnAcceptance]); the patient's acceptance is the patient's or a
//     representative's, or the coordinator's on their word with evidence,
//     and the patient side accepting in person later takes its place; the
//     line manager, who is not a member, is always recorded on their word
//     with evidence. [AgreePlan] is refused when every acceptance the revision holds was
//     recorded by one person ([RuleAcceptancesOneRecorder]), even with
//     evidence for each: the report's plan binds because each party agreed
//     to it ("forpliktende"), and one person's word, however documented,
//     does not show that. An acceptance recorded on behalf is marked in the
//     revision and in the written plan, with its evidence.
//   - From 16 the patient decides about the parents (pasient- og
//     brukerrettighetsloven § 4-3; helsepersonelloven § 22 makes what
//     relatives learn the patient's to decide). While renewal is pending a
//     parent is a relative: they keep reading what the earlier consent let
//     them read, but no longer consent or act for the patient. A patient who
//     consents for themself names the relatives who take part
//     ([GiveConsent].Relatives); the others — a parent included — neither
//     read nor change the community ([RuleRelativesNamedByPatient]). Choice:
//     this holds for every consent a patient gives for themself, not only at
//     the renewal at 16, since an adult's relatives take part on the same
//     patient's word; naming nobody shuts every relative out. With consent
//     from a parent or a legal representative, relatives take part as
//     before.
//   - Identity: a principal whose verified national identity number is not
//     the one the community records for the patient, or for the member
//     whose id it carries (relatives and representatives may have one on
//     record), is not that person ([RuleIdentityMismatch]); one without a
//     verified number (a token the operator configured), or a person
//     recorded without one, is known by id alone. Choice: we do not demand a
//     verified number, since the report's relatives and many systems sign
//     in without ID-porten; an operator who wants it records the numbers.
//     A member's number is shown only as the patient's is (see ViewFor).
//   - Known by the number: a person whose citizen sign-in (ID-porten,
//     [Claims].CitizenSignIn) verified the number recorded for the patient
//     is the patient, whatever id their authenticator gave them, and one
//     whose number is recorded for a relative still a member (a
//     representative included) is that member — so that the patient gives
//     and withdraws consent, accepts the plan and writes the story in
//     person, and finds the community in their portfolio, with no operator
//     listing them. Choice: only a citizen sign-in's number counts. A
//     number another provider carries (HelseID's pid of a health
//     professional) is as verified, but that sign-in is the professional's
//     at work; it must agree with what is recorded for the id it carries and
//     never makes anyone the patient or a relative. A professional's number
//     on record makes nobody anything either: they sign in by their HPR
//     number. A number is recorded for one person in a community
//     ([RuleNationalIDOnce]), so that the match is never a guess.
//   - Capacity is a health professional's finding: [AssessCapacity] only by a
//     member verified as health personnel, whose recorded HPR number (if
//     any) is the verified one ([RuleCapacityByHealthPersonnel],
//     [RuleHPRMismatch]); § 4-3 gives the finding to "den som yter
//     helsehjelp". Every assessment is kept with who made it and its review
//     date, a passed review date warns, and a new assessment is the review.
//     It needs no consent before the first one (who may consent depends on
//     it), but none is made after a withdrawal.
//   - Nothing is added while consent is withdrawn
//     ([RuleNothingAddedWhileWithdrawn]): no member (relatives neither), no
//     representative, no capacity assessment, no § 4-6 decision — adding
//     people or changing who speaks for the patient would undo the
//     withdrawal from the side. Before consent was ever given, relatives may
//     join, since the parent or representative who consents must be a member
//     first.
//   - Representation has a basis ([RepresentationBasis],
//     [RuleRepresentationBasis]): a legal representative the guardianship
//     decision (authority, date, reference, scope), a parent with parental
//     responsibility the population register, an agreement or a court's
//     decision; nobody else brings one. Adding either is the coordinator's
//     act (the founder's before one is appointed), never a system's or
//     another member's ([RuleRepresentationByCoordinator]): the issue names
//     the coordinator, and an import (a FHIR CareTeam has no place for the
//     basis) is an integration's word. An import that says nothing of a
//     member's basis does not contradict the one recorded.
//   - The patient's side hears of every new member at once: the event, and a
//     [PatientNotice] (who joined; who speaks for the patient, on what
//     basis; a capacity assessment; a § 4-6 decision) that only the patient
//     and their representatives see.
//   - The § 4-6 decision ([RecordCareDecision]): for an adult (18, "myndig")
//     assessed as lacking capacity, with no legal representative and no
//     consent in force, the health professional responsible (verified, as
//     above) decides after hearing the next of kin — who were heard, or why
//     none was — what it covers and when it is reviewed
//     ([RuleCareDecisionByHealthPersonnel], [RuleCareDecisionGround]). The
//     community works on it ([CareDecided] shares as consent does) until a
//     new decision reviews it, a passed review date warning meanwhile. It
//     gives way when the patient is assessed as having capacity, or a legal
//     representative joins (who then consents); the patient's own objection
//     (in person, or on their word with evidence) ends it and nothing is
//     shared until a professional decides again — care against resistance is
//     chapter 4A's, outside the community; nobody else ends it by
//     "withdrawing". While it is in force next of kin add to the story in
//     their own name, marked [StoryRevision.ByNextOfKin] ([RuleStoryByNextOfKin]):
//     for the report's most ill elderly the next of kin carry the story. A
//     patient of 16 or 17 who lacks capacity is § 4-5's (parents decide),
//     which this package does not model yet.
//   - Need to know ([Community.ViewFor], [Community.EventsFor]): the
//     national identity number and the capacity assessments (with § 4-6
//     decisions) reach the patient's side, members verified as health
//     personnel, and systems — which an operator configures for a health
//     service's record system, matched by the number — and no one else, in
//     the community, its history and its answers to commands; a search by
//     national identity number finds only where the searcher may see it.
//     Notices reach the patient's side only. What a view leaves out is named
//     in [Snapshot.Withheld]. After a withdrawal the summary and the
//     portfolio tell everyone but the patient's side only the community's id
//     and that consent is withdrawn, and a portfolio selected by anything
//     but membership and consent leaves such a community out
//     ([Summary.For]).
//   - The four mandatory roles must be held by active members who fit them
//     (see [roles.Fits]) before a community is activated. One person holds at
//     most one of the four: the report builds robust communities on four
//     distinct links between the specialist health services and the
//     municipality, and its fieldwork shows how care collapses when it hangs
//     on one person ("Tone is my lifebuoy"). Combining roles would rebuild
//     that single point of failure into the framework itself.
//   - Recording that a member left is always possible: it is a fact, and an
//     abrupt departure must be recordable truthfully. A mandatory role left
//     without a successor is vacant (at once, or from a recorded leaving
//     date) and one model follows: while vacant it blocks revising and
//     agreeing the plan; the departure activates the plan in force's
//     measures for a key helper leaving ("hvem gjør hva hvis…", 7.1.4);
//     "fill the role" goes on the coordinator's agenda due
//     [FillRoleWithinDays] after it fell vacant and overdue after that; a
//     departure recorded ahead puts "name a successor before <date>" there
//     instead. The report asks leaders to "redusere sårbarhet i rollen ved
//     for eksempel sykdom og bytte av jobb" (7.1.3); hiding the fact behind
//     a refusal would do the opposite. Holders on leave or leaving are
//     flagged in [Community.Warnings].
//   - The story belongs to the patient: only the patient or a representative
//     writes it. On their word the coordinator or a configured system
//     records a revision, with evidence; it is pending until the patient or
//     a representative confirms it ([ConfirmStory], [RuleStoryConfirmed]).
//     Readers see the confirmed story ([Community.CurrentStory]) and that a
//     revision awaits confirmation ([Community.StoryAwaitingConfirmation]);
//     the pending text is kept and shown in the story's history, marked.
//     Choice: a revision the patient's side never confirms stays pending;
//     nothing expires it, since only the patient decides what their story
//     says.
//   - Representatives are legal representatives, and parents with parental
//     responsibility while the patient is under 16, each with the basis
//     they speak on.
//   - Activation also requires the coordinator's mandate to be anchored with
//     their line manager and the inclusion criteria of report 8.3 recorded.
//   - Activation means something ([RuleCommunityActive]): agreeing a plan,
//     setting a phase and recording hospital stays need an active community.
//     The report makes inclusion a "forutsetning" (8.3: identified jointly,
//     consent, agreed benefit, informed) and the plan "en forpliktende avtale
//     inngått av aktørene" (7.1.4); a draft has met neither, so nothing it
//     holds binds or sets the plan's measures in motion. A paused community's
//     collaboration is on hold: resume it (which checks the activation rules
//     again) and record the stay. Activation, resuming and agreeing a plan
//     check one list of what it takes to bind (consent, the four roles held
//     by active members, the mandate anchored), so they cannot drift apart.
//   - A hospital stay makes the framework's meetings due whether or not a
//     plan is in force: the draft framework names "samarbeidsmøter (før
//     elektive innleggelser og) før utskriving fra spesialisthelsetjenesten"
//     (shared/seeds/001), and the boy of 15 met his planned operation with
//     no such meeting and nothing ready at discharge (report 6.2.5). Every
//     admission makes the meeting before discharge due, a planned one also
//     the meeting before it. The plan in force's activities for them come
//     first (the agreed plan names who calls them); without them the meeting
//     is the framework's, owned by the internal coordinator — the mandatory
//     role that links the hospital to the community — or by the coordinator
//     while that role is vacant (see plan.DischargeMeetingWithinDays).
//   - Risks reach people: the actor map's lifebuoys ([RuleLifebuoy], "Tone er
//     livbøyen min", 6.2.3), members no line reaches from the patient's side
//     ([RuleActorUnknown]; the fieldwork's "actors in one map do not know each
//     other") and mandatory-role holders with no line of their own to the
//     coordinator ([RuleNoLineToCoordinator]; the four roles are "det
//     nødvendige bindeleddet", 7.1.2) stand in [Community.Warnings] and so on
//     every page. They are judged once the community has drawn a line on its
//     map: an empty map says nothing yet about who knows whom, and warnings
//     that always fire are warnings nobody reads. A lifebuoy is also a plan
//     gap until the contingency section says "hvem gjør hva hvis…" (7.1.4) for
//     them: a transition for a key helper leaving or illness among the actors
//     that names them ([plan.Transition.Actor]).
//   - The coordinator close to the patient ([RuleCoordinatorClose]): "Koordinator
//     må ha nær og god kontakt med pasient/bruker" (7.1.3), and the fieldwork
//     tells of coordinators appointed without knowing the child. A coordinator
//     appointed more than [CoordinatorContactWithinDays] ago with no line to
//     the patient or a representative (on the map, existing today, or in the
//     plan in force) and no recorded meeting with them is warned of. A line
//     or a meeting is what the community can see of "contact"; a relative who
//     does not speak for the patient does not stand in for them.
//   - One open community per patient ([RuleOneOpenCommunity]), by national
//     identity number or D-number, enforced by every Store in the save's
//     own transaction. The report's community is "ett aktørfellesskap rundt
//     pasienten" with one coordinator; a second would split the patient's
//     story, plan and consent. A closed community does not count (the
//     patient may need a new one years later); a patient recorded by birth
//     date only cannot be matched and is not covered; the refusal does not
//     say which community the patient has, since the caller may not be its
//     member.
//   - The mandate is agreed, not set: the plan "vil også fungere som et mandat"
//     for the coordinator (7.1.4), and the role description "skal drøftes og
//     avklares i aktørfellesskapet" (7.1.3). Section 2 of the plan carries it
//     ([plan.Mandate]) with its two main tasks — "et sentralt kontaktpunkt for
//     pasient/bruker og eventuelle pårørende" and "å lede aktørfellesskapets
//     arbeid" — required in words the community writes, so every party
//     accepts it with the plan and the written plan states it. It is the one
//     mandate: [Community.AgreedMandate] reads it from the plan in force, and
//     [AppointCoordinator] gives no task list to compete with it. What the
//     appointment gives is the role as the framework defines it ("Rammeverket
//     forutsetter ... to hovedoppgaver", and "myndighet til å gripe inn"),
//     which [AnchorMandate] anchors with the line manager ("rollebeskrivelse og
//     myndighet forankres hos linjeleder"). That is how an appointment before
//     any plan works: activation needs the anchored role, and so does acting
//     on a deviation, before the community has agreed its words; once it
//     has, the line manager — a party to the plan — has accepted those words
//     too. A new coordinator is bound by the plan in force; their role is
//     anchored anew.
//   - Leaders per organisation: the plan is "en nødvendig avtale mellom ledere
//     i samarbeidende organisasjoner og forvaltningsnivå" (7.1.4), and "Lederne
//     til de andre i aktørfelleskapet må også kjenne til og anerkjenne rollen"
//     (7.1.3). Section 2 of the plan names, for each organisation of an
//     active professional member, the leader who recognises the coordinator
//     role and is a party to the plan ([plan.Leader]); the plan is not
//     complete, so cannot be accepted or agreed, while one is missing, and
//     the written plan lists them. The coordinator's own organisation is
//     covered by the line manager who anchored the mandate; a relative's
//     employer does not take part. Naming a leader is not their agreement:
//     each leader the plan names is a party ([plan.OrganisationLeader]) and
//     the revision is not agreed until each has accepted it
//     ([RuleLeaderAcceptanceMissing], listed in the refusal's Errors), by
//     which they recognise the coordinator role. A leader is not a member —
//     the report asks them to "kjenne til og anerkjenne rollen", not to share
//     the patient's information — so they accept as the line manager does:
//     the coordinator (or a system configured with [RightRecordOnBehalf])
//     records it on the leader's word with the Evidence it rests on (the
//     signed plan, a letter, words before a witness), marked as recorded on
//     behalf ([AcceptPlan].Leader), under [RuleOnBehalfByCoordinator] and
//     [RuleEvidenceRequired]. A principal claiming to lead an organisation
//     is not taken at their word: the identity providers vouch for a
//     person's organisation, not for their being its leader. The written
//     plan lists each leader with their acceptance: when, who recorded it,
//     on what evidence — or that it is awaited.
//   - The improvement cycle as the report draws it (7.1.5): "Rekkefølgen på
//     trinnene glir også delvis over i hverandre; i praksis arbeider man
//     gjerne med flere trinn parallelt", and "det vil ofte være nødvendig å
//     gå tilbake til tidligere faser". [AdvanceCycle] may keep the stage left
//     running beside the one entered (plan.Cycle.Running), going back is
//     recorded as normal, and skipping a stage stays refused: the stages
//     overlap, they are not left out. Every stage entered carries its goals,
//     measures and how they are measured — what the report asks of planning
//     ("sette mål og tiltak samt måleverktøy"), asked of each stage so that
//     the evaluation has something to measure against. A new round ends the
//     last round's stages.
//
// # The plan (D) and its execution (E)
//
// The plan for collaboration is drafted ([DraftPlan], [RevisePlan]) with the
// seven sections of package [plan], accepted ([AcceptPlan]) and agreed
// ([AgreePlan]). It binds only when complete, with every responsible person
// an active member, the four mandatory roles held, consent active and not
// awaiting renewal, the mandate anchored, and accepted by the patient or a
// representative, each mandatory-role holder, the line manager who anchored
// the mandate, the members the plan names and each organisation's leader
// it names; a revision must be agreed
// anew while the agreed one stays in force. Execution records the phase
// ([SetPhase], which activates that phase's measures), hospital stays and
// the meetings they demand, meetings, decisions, activities, deviations
// (acted on by the coordinator alone), evaluations and the improvement
// cycle ([AdvanceCycle]); [Community.Agenda] and the Summary fields
// EvaluationDue, Phase and NextDue answer what is due, overdue and acute.
package lkt
