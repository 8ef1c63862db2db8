// Package words is how go-lkt speaks to people: labels in English, bokmål
// and nynorsk ([Labels], [Lang]) and the one error type ([Error]) that every
// go-lkt package returns, whose message is such a label.
//
// It is a leaf: it imports nothing of go-lkt, so the role catalogue, the
// element packages (plan, actormap, quality) and the domain core all share
// one error type, and an adapter reads the code, field and rule of any
// failure the same way, with [CodeOf], [FieldOf], [RuleOf] and [MessageOf].
package words
