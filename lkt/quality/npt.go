package quality

import "github.com/lkt-rammeverk/go-lkt/lkt/roles"

// The four constructs of Normalization Process Theory, which the report
// uses to judge whether new routines take hold (4.3, 8.3).
const (
	Coherence              = "coherence"               // building a shared and individual understanding
	CognitiveParticipation = "cognitive-participation" // building and keeping engagement and commitment
	CollectiveAction       = "collective-action"       // enabling, adapting and operating the routines
	ReflexiveMonitoring    = "reflexive-monitoring"    // appraising effect, benefit and cost
)

// NPTConstructs returns the four constructs in the theory's order.
func NPTConstructs() []string {
	return []string{Coherence, CognitiveParticipation, CollectiveAction, ReflexiveMonitoring}
}

// ConstructLabel names an NPT construct in lang, in the report's words.
func ConstructLabel(code string, lang roles.Lang) string {
	if l, ok := constructLabels[code]; ok {
		return l.In(lang)
	}
	return code
}

var constructLabels = map[string]roles.Labels{
	Coherence:              {EN: "Coherence: shared and individual understanding", NB: "Felles og individuell forståelse og entusiasme", NN: "Felles og individuell forståing og entusiasme"},
	CognitiveParticipation: {EN: "Cognitive participation: engagement and commitment", NB: "Engasjement og forpliktelse", NN: "Engasjement og forplikting"},
	CollectiveAction:       {EN: "Collective action: operating the new routines", NB: "Tilrettelegging og operasjonalisering av rutinene", NN: "Tilrettelegging og operasjonalisering av rutinane"},
	ReflexiveMonitoring:    {EN: "Reflexive monitoring: effect, benefit and cost", NB: "Vurdering av effekt, nytte og «kostnad»", NN: "Vurdering av effekt, nytte og «kostnad»"},
}

// DefaultNPTSurvey is a NoMAD-style implementation check of the community's
// routines (plan, annual wheel, collaboration meetings), answered by the
// professional members. The items are written for this project, two per
// construct; replace or extend them with Survey.WithText or your own items.
func DefaultNPTSurvey() Survey {
	return Survey{
		Code:  "implementation",
		Name:  roles.Labels{EN: "Implementation check (NPT)", NB: "Implementeringssjekk (NPT)", NN: "Implementeringssjekk (NPT)"},
		Kinds: []roles.Kind{roles.KindProfessional},
		Items: []Item{
			{Code: "coherence-purpose", Construct: Coherence, Text: roles.Labels{
				EN: "I understand what the collaboration framework is meant to achieve for this patient.",
				NB: "Jeg forstår hva samarbeidsrammeverket skal oppnå for denne pasienten.", NN: "Eg forstår kva samarbeidsrammeverket skal oppnå for denne pasienten."}},
			{Code: "coherence-different", Construct: Coherence, Text: roles.Labels{
				EN: "I can see how working in the actor community differs from how we worked before.",
				NB: "Jeg ser hvordan arbeidet i aktørfellesskapet skiller seg fra hvordan vi jobbet før.", NN: "Eg ser korleis arbeidet i aktørfellesskapet skil seg frå korleis vi arbeidde før."}},
			{Code: "participation-worth", Construct: CognitiveParticipation, Text: roles.Labels{
				EN: "I think taking part in the actor community is a worthwhile part of my work.",
				NB: "Jeg mener at deltakelse i aktørfellesskapet er en verdifull del av arbeidet mitt.", NN: "Eg meiner at det å ta del i aktørfellesskapet er ein verdfull del av arbeidet mitt."}},
			{Code: "participation-anchored", Construct: CognitiveParticipation, Text: roles.Labels{
				EN: "My line manager supports the time I spend in the actor community.",
				NB: "Min leder støtter tiden jeg bruker i aktørfellesskapet.", NN: "Leiaren min støttar tida eg bruker i aktørfellesskapet."}},
			{Code: "action-routines", Construct: CollectiveAction, Text: roles.Labels{
				EN: "The plan, the annual wheel and the meetings fit into my daily routines.",
				NB: "Planen, årshjulet og møtene passer inn i de daglige rutinene mine.", NN: "Planen, årshjulet og møta passar inn i dei daglege rutinane mine."}},
			{Code: "action-resources", Construct: CollectiveAction, Text: roles.Labels{
				EN: "I have the time, knowledge and access to information that my part requires.",
				NB: "Jeg har tiden, kunnskapen og tilgangen til informasjon som min del krever.", NN: "Eg har tida, kunnskapen og tilgangen til informasjon som min del krev."}},
			{Code: "monitoring-feedback", Construct: ReflexiveMonitoring, Text: roles.Labels{
				EN: "We find out together whether the collaboration helps the patient.",
				NB: "Vi finner ut sammen om samarbeidet hjelper pasienten.", NN: "Vi finn ut saman om samarbeidet hjelper pasienten."}},
			{Code: "monitoring-adjust", Construct: ReflexiveMonitoring, Text: roles.Labels{
				EN: "We change the way we work when the evaluation shows it is needed.",
				NB: "Vi endrer måten vi jobber på når evalueringen viser at det trengs.", NN: "Vi endrar måten vi arbeider på når evalueringa viser at det trengst."}},
		},
	}
}
