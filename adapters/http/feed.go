package http

import (
	"net/http"
	"strconv"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// MaxFeedWait bounds how long GET /api/feed waits for new entries (its
// wait parameter, in seconds): long enough that an idle reader asks a few
// times a minute, short enough for proxies' idle timeouts.
const MaxFeedWait = 30

// DefaultFeedRecheck is how often a waiting feed request reads the store
// although this process saved nothing: saves by other servers on the same
// database wake no one here.
const DefaultFeedRecheck = 2 * time.Second

// FeedPage is one page of the change feed.
type FeedPage struct {
	Items []lkt.FeedEntry `json:"items"`
	// Next is the cursor to pass as after for the next page: the last
	// entry's, or after itself when there was nothing new.
	Next lkt.Cursor `json:"next"`
}

// handleFeed serves the change feed to systems with the read-feed right.
// With wait=n (seconds, at most MaxFeedWait) it answers as soon as there
// is an entry after the cursor, or after n seconds with none: the
// Service's FeedChanged wakes it, and the store says what is new.
func (s *server) handleFeed() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.principal(w, r)
		if !ok {
			return
		}
		v := r.URL.Query()
		limit, err := intParam(v, "limit", lkt.MaxPage)
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		wait, err := intParam(v, "wait", MaxFeedWait)
		if err != nil {
			s.writeProblem(w, r, newHTTPError(codeMalformed, "wait",
				"must be a whole number of seconds from 0 to "+strconv.Itoa(MaxFeedWait)+" (the longest a feed request waits)",
				"må være et helt antall sekunder fra 0 til "+strconv.Itoa(MaxFeedWait)+" (det lengste en forespørsel venter)",
				"må vere eit heilt tal på sekund frå 0 til "+strconv.Itoa(MaxFeedWait)+" (det lengste ein førespurnad ventar)"))
			return
		}
		after := lkt.Cursor(v.Get("after"))
		var deadline <-chan time.Time
		if wait > 0 {
			t := time.NewTimer(time.Duration(wait) * time.Second)
			defer t.Stop()
			deadline = t.C
		}
		var recheck <-chan time.Time
		for {
			changed := s.svc.FeedChanged() // before reading: a save after the read closes it
			items, next, err := s.svc.Feed(r.Context(), p, after, limit)
			if err != nil {
				s.writeProblem(w, r, err)
				return
			}
			if len(items) > 0 || deadline == nil {
				encode(w, http.StatusOK, FeedPage{Items: nonNil(items), Next: next})
				return
			}
			if recheck == nil && s.feedRecheck > 0 {
				t := time.NewTicker(s.feedRecheck)
				defer t.Stop()
				recheck = t.C
			}
			if s.feedWaiting != nil {
				s.feedWaiting()
			}
			select {
			case <-changed:
			case <-recheck:
			case <-deadline:
				deadline = nil // one more read, then answer whatever it finds
			case <-r.Context().Done():
				return
			}
		}
	})
}
