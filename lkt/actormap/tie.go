package actormap

import "github.com/lkt-rammeverk/go-lkt/lkt/roles"

// Reserved ids. The patient is a node of the map so that ties can join the
// patient; SharedView is the owner of the perspective that is the actor map
// itself (what the community has agreed on). No actor may use either id.
const (
	PatientID  ActorID = "patient"
	SharedView ActorID = "shared"
)

// Channel is how information travels along a tie (report 7.1.2: "Hvilke
// former for kommunikasjonskanaler benyttes av hvem til hva?").
type Channel string

// Channels.
const (
	Meeting          Channel = "meeting"            // collaboration or responsibility-group meeting
	Phone            Channel = "phone"              // telephone
	Message          Channel = "electronic-message" // e-message (PLO, dialogue message, secure message)
	DischargeSummary Channel = "discharge-summary"  // epikrise
	Video            Channel = "video"              // video consultation or meeting
	Letter           Channel = "letter"             // letter on paper
	InPerson         Channel = "in-person"          // face to face, home visit
	OtherChannel     Channel = "other"              // anything else; say what in About
)

var channelLabels = map[Channel]roles.Labels{
	Meeting:          {EN: "meetings", NB: "møter", NN: "møte"},
	Phone:            {EN: "phone", NB: "telefon", NN: "telefon"},
	Message:          {EN: "electronic messages", NB: "elektroniske meldinger", NN: "elektroniske meldingar"},
	DischargeSummary: {EN: "discharge summaries", NB: "epikriser", NN: "epikriser"},
	Video:            {EN: "video", NB: "video", NN: "video"},
	Letter:           {EN: "letters", NB: "brev", NN: "brev"},
	InPerson:         {EN: "in person", NB: "personlig oppmøte", NN: "personleg oppmøte"},
	OtherChannel:     {EN: "other channels", NB: "andre kanaler", NN: "andre kanalar"},
}

// channelHow says how a line works, for sentences: "by phone".
var channelHow = map[Channel]roles.Labels{
	Meeting:          {EN: "in meetings", NB: "i møter", NN: "i møte"},
	Phone:            {EN: "by phone", NB: "på telefon", NN: "på telefon"},
	Message:          {EN: "by electronic messages", NB: "via elektroniske meldinger", NN: "via elektroniske meldingar"},
	DischargeSummary: {EN: "by discharge summaries", NB: "via epikriser", NN: "via epikriser"},
	Video:            {EN: "by video", NB: "på video", NN: "på video"},
	Letter:           {EN: "by letter", NB: "per brev", NN: "per brev"},
	InPerson:         {EN: "in person", NB: "ansikt til ansikt", NN: "andlet til andlet"},
	OtherChannel:     {EN: "by other channels", NB: "via andre kanaler", NN: "via andre kanalar"},
}

// Channels lists every channel in a fixed order.
func Channels() []Channel {
	return []Channel{Meeting, Phone, Message, DischargeSummary, Video, Letter, InPerson, OtherChannel}
}

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { _, ok := channelLabels[c]; return ok }

// Label returns the channel's name in lang.
func (c Channel) Label(lang roles.Lang) string {
	if l, ok := channelLabels[c]; ok {
		return l.In(lang)
	}
	return string(c)
}

// Frequency is how often information travels along a tie. The empty
// frequency means "not stated".
type Frequency string

// Frequencies, most frequent first.
const (
	Daily     Frequency = "daily"
	Weekly    Frequency = "weekly"
	Monthly   Frequency = "monthly"
	Quarterly Frequency = "quarterly"
	Yearly    Frequency = "yearly"
	AsNeeded  Frequency = "as-needed"
)

var frequencyLabels = map[Frequency]roles.Labels{
	Daily:     {EN: "daily", NB: "daglig", NN: "dagleg"},
	Weekly:    {EN: "weekly", NB: "ukentlig", NN: "kvar veke"},
	Monthly:   {EN: "monthly", NB: "månedlig", NN: "kvar månad"},
	Quarterly: {EN: "quarterly", NB: "kvartalsvis", NN: "kvartalsvis"},
	Yearly:    {EN: "yearly", NB: "årlig", NN: "årleg"},
	AsNeeded:  {EN: "as needed", NB: "ved behov", NN: "ved behov"},
}

// Valid reports whether f is a known frequency or empty.
func (f Frequency) Valid() bool {
	_, ok := frequencyLabels[f]
	return ok || f == ""
}

// Label returns the frequency in lang ("" when not stated).
func (f Frequency) Label(lang roles.Lang) string {
	if l, ok := frequencyLabels[f]; ok {
		return l.In(lang)
	}
	return string(f)
}

// Tie is a line of communication between two actors, or between an actor
// and the patient. Ties are undirected for every analysis: From and To only
// record who drew the line. A planned tie should be established but does not
// exist yet; planned ties never count as a channel in the risk analysis.
type Tie struct {
	From      ActorID   `json:"from"`
	To        ActorID   `json:"to"`
	Channel   Channel   `json:"channel"`
	Frequency Frequency `json:"frequency,omitempty"`
	Planned   bool      `json:"planned,omitempty"`
	About     string    `json:"about,omitempty"` // what travels along the line
}

// Joins reports whether the tie has id at one end.
func (t Tie) Joins(id ActorID) bool { return t.From == id || t.To == id }

// Other returns the end that is not id.
func (t Tie) Other(id ActorID) ActorID {
	if t.From == id {
		return t.To
	}
	return t.From
}

// pair is an unordered pair of ends, the key ties are compared by.
type pair struct{ a, b ActorID }

func (t Tie) pair() pair {
	if t.From < t.To {
		return pair{t.From, t.To}
	}
	return pair{t.To, t.From}
}
