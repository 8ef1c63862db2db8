package lkt

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Service is how applications drive communities: it loads a community,
// authorises the principal, applies a command, saves the result against the
// version it read, and leaves an audit entry for every read and write —
// refused ones included.
type Service struct {
	store   Store
	cfg     Config
	changed *signal // fired after every save (see FeedChanged)
}

// NewService returns a Service over store.
func NewService(store Store, cfg Config) *Service {
	if cfg.Clock == nil {
		panic("lkt: NewService needs a Config with a Clock")
	}
	return &Service{store: store, cfg: cfg, changed: &signal{}}
}

// Config returns the configuration the service runs with.
func (s *Service) Config() Config { return s.cfg }

// AnyVersion, passed as the expected version to Do, applies the command to
// whatever version is current. Interactive clients should pass the version
// they showed the user instead, so that nobody overwrites a change unseen.
//
// "Whatever is current" holds under concurrency: when another writer saves
// between Do's load and its save, Do loads the new version and applies the
// command again — at most AnyVersionAttempts times in all, then it reports
// the conflict. Each failed attempt means another writer's save went
// through, so W writers sending one command each with AnyVersion all
// succeed while W ≤ AnyVersionAttempts.
const AnyVersion int64 = -1

// AnyVersionAttempts bounds the load-apply-save attempts of an AnyVersion
// command. It is a bound so that a community written without pause cannot
// keep one request busy for ever.
const AnyVersionAttempts = 16

// Create creates a community and stores it.
func (s *Service) Create(ctx context.Context, by Principal, in NewCommunity) (*Community, error) {
	c, err := Create(s.cfg, by, in)
	if err != nil {
		return nil, err
	}
	now := s.cfg.now()
	if err := s.saveAt(ctx, c, by, "Create", nil, now); err != nil {
		if CodeOf(err) == Conflict && RuleOf(err) != RuleOneOpenCommunity {
			// Any other conflict on a new community: its id is taken.
			return nil, &Error{Code: Conflict, Field: "id", Rule: RuleCommunityExists, Err: err,
				Message: roles.Labels{EN: "a community with this id exists already", NB: "et aktørfellesskap med denne id-en finnes allerede",
					NN: "eit aktørfellesskap med denne id-en finst allereie"}}
		}
		return nil, err
	}
	return c.redact(by, now), nil
}

// Do applies cmd as by to community id, which must be at version expected
// (or AnyVersion). It returns the community as saved, as by may see it
// (Community.ViewFor).
func (s *Service) Do(ctx context.Context, by Principal, id ID, expected int64, cmd Command) (*Community, error) {
	return s.doKeyed(ctx, by, id, expected, cmd, nil)
}

// doKeyed is Do, storing rec, if any, with the save (see DoOnce).
func (s *Service) doKeyed(ctx context.Context, by Principal, id ID, expected int64, cmd Command, rec *Idempotency) (*Community, error) {
	if expected != AnyVersion {
		return s.do(ctx, by, id, expected, cmd, rec)
	}
	for attempt := 1; ; attempt++ {
		c, err := s.do(ctx, by, id, expected, cmd, rec)
		if attempt < AnyVersionAttempts && CodeOf(err) == Conflict && RuleOf(err) == RuleStaleVersion && ctx.Err() == nil {
			continue // another writer saved first: apply to the version it made
		}
		return c, err
	}
}

// do is one load-apply-save of Do.
func (s *Service) do(ctx context.Context, by Principal, id ID, expected int64, cmd Command, rec *Idempotency) (*Community, error) {
	if saved, done, err := s.doOnCopy(ctx, by, id, expected, cmd, rec); done {
		return saved, err
	}
	c, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	now := s.cfg.now() // the command, its audit entry and the view it answers are at one instant
	if expected != AnyVersion && expected != c.Version() {
		// Whether by may do cmd at all comes first: the conflict tells the
		// version the community is at, which is not for who may not write.
		err := c.authorize(c.known(by, now), cmd.policy(), now)
		if err == nil {
			err = ConflictError(id, expected, c.Version())
		}
		s.refusedAt(ctx, c, by, Write, cmd.CommandName(), err, now)
		return nil, err
	}
	if err := c.doAt(by, cmd, now); err != nil {
		s.refusedAt(ctx, c, by, Write, cmd.CommandName(), err, now)
		return nil, err
	}
	if err := s.saveAt(ctx, c, by, cmd.CommandName(), rec, now); err != nil {
		return nil, err
	}
	return c.redact(by, now), nil
}

// doOnCopy is do on the store's cached copy of the community, if it is a
// CachingStore and has one. When the copy would refuse the command, or its
// save finds another version, it is not done, nothing is stored or
// audited, and do decides on the stored community (see CachingStore). Any
// other failure of the save is the command's: sent again, it might be
// stored twice.
func (s *Service) doOnCopy(ctx context.Context, by Principal, id ID, expected int64, cmd Command, rec *Idempotency) (saved *Community, done bool, err error) {
	cache, isCaching := s.store.(CachingStore)
	if !isCaching {
		return nil, false, nil
	}
	snap, version, cached := cache.Cached(id)
	if !cached || expected != AnyVersion && expected != version {
		return nil, false, nil
	}
	c := Restore(s.cfg, snap, version)
	now := s.cfg.now()
	if c.doAt(by, cmd, now) != nil {
		return nil, false, nil
	}
	if err := s.saveAt(ctx, c, by, cmd.CommandName(), rec, now); err != nil {
		if RuleOf(err) == RuleStaleVersion {
			return nil, false, nil
		}
		return nil, true, err
	}
	return c.redact(by, now), true, nil
}

// Get returns community id for by to read: members while consent is
// active, the patient and their representatives always; each sees it as
// Community.ViewFor shows it to them.
func (s *Service) Get(ctx context.Context, by Principal, id ID) (*Community, error) {
	c, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	now := s.cfg.now()
	if err := s.readableAt(ctx, c, by, "Get", now); err != nil {
		return nil, err
	}
	return c.redact(by, now), nil
}

// Summary returns the community's summary as by may read it
// (Community.SummaryFor): any member may, even without consent.
func (s *Service) Summary(ctx context.Context, by Principal, id ID) (Summary, error) {
	c, err := s.load(ctx, id)
	if err != nil {
		return Summary{}, err
	}
	now := s.cfg.now()
	sum, err := c.SummaryFor(by, now)
	if err != nil {
		s.refusedAt(ctx, c, by, Read, "Summary", err, now)
		return Summary{}, err
	}
	if err := s.auditAt(ctx, c, by, Read, "Summary", "ok", now); err != nil {
		return Summary{}, err
	}
	return sum, nil
}

// History returns up to limit events after seq after, for those who may read
// the community.
func (s *Service) History(ctx context.Context, by Principal, id ID, after int64, limit int) ([]Event, error) {
	c, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	now := s.cfg.now()
	if err := s.readableAt(ctx, c, by, "History", now); err != nil {
		return nil, err
	}
	evs, err := s.store.Events(ctx, id, after, clampLimit(limit))
	if err != nil {
		return nil, WrapInternal(err)
	}
	return c.EventsFor(by, now, evs), nil
}

// AuditTrail returns who read and changed the community. The patient and
// their representatives, the coordinator and systems may read it.
func (s *Service) AuditTrail(ctx context.Context, by Principal, id ID, after int64, limit int) ([]AuditEntry, error) {
	c, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	now := s.cfg.now()
	err = c.CanReadAudit(by, now)
	if err == nil {
		err = c.CanRead(by, now)
	}
	if err != nil {
		s.refusedAt(ctx, c, by, Read, "AuditTrail", err, now)
		return nil, err
	}
	if err := s.auditAt(ctx, c, by, Read, "AuditTrail", "ok", now); err != nil {
		return nil, err
	}
	entries, err := s.store.Audit(ctx, id, after, clampLimit(limit))
	return entries, WrapInternal(err)
}

// List returns a page of the communities by belongs to that match q. A
// person only ever sees communities they belong to — as a member or as the
// patient (Summary.People); a system sees all.
func (s *Service) List(ctx context.Context, by Principal, q Query) (Page, error) {
	now := s.cfg.now()
	q.At = now
	if by.Kind == SystemPrincipal && !by.actsInCommunities() {
		return Page{Items: []Summary{}}, nil // a member of none
	}
	if by.Kind != SystemPrincipal {
		if by.ID == "" {
			return Page{}, forbidden(RuleNotAMember, "sign in to list communities", "logg inn for å se aktørfellesskap",
				"logg inn for å sjå aktørfellesskap")
		}
		if q.Member != "" && q.Member != by.ID {
			return Page{}, forbidden("own-portfolio", "you can only list communities you belong to",
				"du kan bare se aktørfellesskap du hører til",
				"du kan berre sjå aktørfellesskap du høyrer til")
		}
	}
	page, err := s.portfolio(ctx, by, q)
	if err != nil {
		return Page{}, err
	}
	if page, err = s.patientSideOnly(ctx, by, q, page); err != nil {
		return Page{}, err
	}
	entries := make([]AuditEntry, 0, len(page.Items))
	for _, it := range page.Items {
		entries = append(entries, AuditEntry{Community: it.ID, At: now, By: by, Action: Read, Operation: "List", Outcome: "ok", Version: it.Version})
	}
	if len(entries) > 0 {
		if err := s.store.RecordAudit(ctx, entries...); err != nil {
			return Page{}, WrapInternal(err)
		}
	}
	return page, nil
}

// portfolio returns a page of the communities that match q: for a person,
// those they belong to (Query.Member) by their id and, when a citizen's
// sign-in verified their national identity number, by its key
// (Summary.NationalIDKeys): the communities that know them by the number
// alone, as patient or relative (Community.StandingOf). The two queries'
// pages are merged in id order, so the cursor pages through both.
func (s *Service) portfolio(ctx context.Context, by Principal, q Query) (Page, error) {
	if by.Kind == SystemPrincipal {
		page, err := s.store.Query(ctx, q)
		return page, WrapInternal(err)
	}
	if isNationalIDKey(by.ID) {
		return Page{}, &Error{Code: Forbidden, Rule: "not-a-member", Message: roles.Labels{
			EN: "this sign-in's id has the form reserved for national identity numbers",
			NB: "id-en fra denne innloggingen har formen som er reservert for fødselsnumre",
			NN: "id-en frå denne innlogginga har forma som er reservert for fødselsnummer"}}
	}
	q.Member = by.ID
	page, err := s.store.Query(ctx, q)
	if err != nil {
		return Page{}, WrapInternal(err)
	}
	v := by.Verified
	if !v.CitizenSignIn || v.NationalID == "" {
		return page, nil
	}
	q.Member = NationalIDKey(v.NationalID)
	more, err := s.store.Query(ctx, q)
	if err != nil {
		return Page{}, WrapInternal(err)
	}
	return mergePages(page, more, q.PageLimit()), nil
}

// mergePages merges two pages of one query, each in id order, into one
// page of at most limit: its cursor is its last id if either page had
// more, or the two together were more than limit.
func mergePages(a, b Page, limit int) Page {
	items := slices.Concat(a.Items, b.Items)
	slices.SortFunc(items, func(x, y Summary) int { return cmp.Compare(x.ID, y.ID) })
	items = slices.CompactFunc(items, func(x, y Summary) bool { return x.ID == y.ID })
	out := Page{Items: items}
	if len(items) > limit {
		out.Items = items[:limit]
	}
	if len(items) > limit || a.Next != "" || b.Next != "" {
		out.Next = out.Items[len(out.Items)-1].ID
	}
	return out
}

func clampLimit(n int) int {
	if n <= 0 || n > MaxPage {
		return MaxPage
	}
	return n
}

func (s *Service) load(ctx context.Context, id ID) (*Community, error) {
	snap, version, err := s.store.Load(ctx, id)
	if err != nil {
		if CodeOf(err) == NotFound {
			return nil, err
		}
		return nil, WrapInternal(err)
	}
	return Restore(s.cfg, snap, version), nil
}

// readable checks a read and audits it either way.
func (s *Service) readable(ctx context.Context, c *Community, by Principal, op string) error {
	return s.readableAt(ctx, c, by, op, s.cfg.now())
}

// readableAt is readable at instant now.
func (s *Service) readableAt(ctx context.Context, c *Community, by Principal, op string, now time.Time) error {
	if err := c.CanRead(by, now); err != nil {
		s.refusedAt(ctx, c, by, Read, op, err, now)
		return err
	}
	return s.auditAt(ctx, c, by, Read, op, "ok", now)
}

func (s *Service) auditAt(ctx context.Context, c *Community, by Principal, a Action, op, outcome string, now time.Time) error {
	return WrapInternal(s.store.RecordAudit(ctx, AuditEntry{
		Community: c.ID(), At: now, By: by, Action: a, Operation: op, Outcome: outcome, Version: c.Version(),
	}))
}

// refusedAt audits a refused read or write. The refusal is what the caller
// must hear about; if the store cannot take the audit entry either, the
// store is failing and the caller's next read or write reports that.
func (s *Service) refusedAt(ctx context.Context, c *Community, by Principal, a Action, op string, cause error, now time.Time) {
	_ = s.auditAt(ctx, c, by, a, op, string(CodeOf(cause)), now)
}

// saveAt stores c's pending events with its state, the command's
// idempotency record, if any, and a write audit entry at instant now.
func (s *Service) saveAt(ctx context.Context, c *Community, by Principal, op string, rec *Idempotency, now time.Time) error {
	pending := c.pending
	after := c.version + int64(len(pending))
	var stored []byte // the snapshot's JSON, if the store tells it
	if rec != nil {
		rec.Version, rec.At, rec.Result = after, now, &c.s
	}
	err := s.store.Save(ctx, Save{
		Snapshot:     c.s, // stores encode it before returning and keep no reference
		Summary:      c.Summary(now),
		Expected:     c.version,
		Events:       pending,
		Audit:        []AuditEntry{{Community: c.ID(), At: now, By: by, Action: Write, Operation: op, Outcome: "ok", Version: after}},
		Idempotency:  rec,
		SnapshotJSON: &stored,
	})
	if err != nil {
		if CodeOf(err) == Conflict {
			return err
		}
		return WrapInternal(err)
	}
	c.MarkSaved()
	if stored != nil {
		c.savedJSON = &stored
	}
	s.changed.fire()
	return nil
}
