package lkt

import (
	"context"
	"fmt"
)

// Cursor is an opaque position in a Store's change feed. The zero Cursor is
// the feed's start. Clients keep the cursor of the last entry they handled
// and pass it back; they never build or compare cursors themselves.
type Cursor string

// FeedEntry is one event in the change feed across all communities.
type FeedEntry struct {
	// Cursor is the position just after this entry: pass it as after to
	// continue from here.
	Cursor Cursor `json:"cursor"`
	Event  Event  `json:"event"`
}

// ChangeFeed is the store-wide, ordered feed of every event, so that systems
// around go-lkt learn what changed without polling every community.
//
// Feed returns up to limit entries after cursor after, in feed order, and the
// cursor to continue from (after itself when there is nothing new). The
// promise, checked by adapters/storetest: reading the whole feed by
// following the cursors yields every saved event exactly once, each
// community's events in Seq order, and nothing is skipped even when a
// transaction that committed later than another becomes visible after a
// reader has passed the other's position. A cursor a store did not hand out
// is an Invalid error.
type ChangeFeed interface {
	Feed(ctx context.Context, after Cursor, limit int) ([]FeedEntry, Cursor, error)
}

// CursorError reports that after is not a cursor the store handed out: a
// client's typo, a cursor of another store, or one from a backup taken
// before it was handed out. Stores return it so that every adapter says
// the same.
func CursorError(after Cursor) error {
	return invalid("after",
		fmt.Sprintf("%q is not a position in this change feed: pass the cursor of the last entry you handled, or none to start from the beginning", string(after)),
		fmt.Sprintf("%q er ikke en posisjon i denne endringsstrømmen: send pekeren til den siste hendelsen du behandlet, eller ingen for å starte fra begynnelsen", string(after)),
		fmt.Sprintf("%q er ikkje ein posisjon i denne endringsstraumen: send peikaren til den siste hendinga du handsama, eller ingen for å starte frå byrjinga", string(after)))
}
