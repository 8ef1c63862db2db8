package lkt

import (
	"cmp"
	"context"
	"slices"

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
	if err := s.save(ctx, c, by, "Create"); err != nil {
		if CodeOf(err) == Conflict && RuleOf(err) != RuleOneOpenCommunity {
			// Any other conflict on a new community: its id is taken.
			return nil, &Error{Code: Conflict, Field: "id", Rule: RuleCommunityExists, Err: err,
				Message: roles.Labels{EN: "a community with this id exists already", NB: "et aktørfellesskap med denne id-en finnes allerede",
					NN: "eit aktørfellesskap med denne id-en finst allereie"}}
		}
		return nil, err
	}
	return c.ViewFor(by, s.cfg.now()), nil
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
	c, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	if expected != AnyVersion && expected != c.Version() {
		err := ConflictError(id, expected, c.Version())
		s.refused(ctx, c, by, Write, cmd.CommandName(), err)
		return nil, err
	}
	if err := c.Do(by, cmd); err != nil {
		s.refused(ctx, c, by, Write, cmd.CommandName(), err)
		return nil, err
	}
	if err := s.saveKeyed(ctx, c, by, cmd.CommandName(), rec); err != nil {
		return nil, err
	}
	return c.ViewFor(by, s.cfg.now()), nil
}

// Get returns community id for by to read: members while consent is
// active, the patient and their representatives always; each sees it as
// Community.ViewFor shows it to them.
func (s *Service) Get(ctx context.Context, by Principal, id ID) (*Community, error) {
	c, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.readable(ctx, c, by, "Get"); err != nil {
		return nil, err
	}
	return c.ViewFor(by, s.cfg.now()), nil
}

// Summary returns the community's summary. Any member may read it even
// without consent — it tells them the community exists and why nothing is
// shared — but the patient's name is left out then, and after a withdrawal
// those who are not the patient's side learn only that (WithdrawnSummary).
func (s *Service) Summary(ctx context.Context, by Principal, id ID) (Summary, error) {
	c, err := s.load(ctx, id)
	if err != nil {
		return Summary{}, err
	}
	now := s.cfg.now()
	st := c.StandingOf(by, now)
	if st == AsOutsider {
		err := c.CanRead(by, now)
		s.refused(ctx, c, by, Read, "Summary", err)
		return Summary{}, err
	}
	sum := c.Summary(now)
	if !st.patientSide() {
		sum = sum.For(false)
	}
	if c.relativeNamed(by, st, now) != nil {
		// A relative the patient did not name learns only that the
		// community exists and its consent state.
		sum = Summary{ID: sum.ID, Consent: sum.Consent}
	}
	if err := s.audit(ctx, c, by, Read, "Summary", "ok"); err != nil {
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
	if err := s.readable(ctx, c, by, "History"); err != nil {
		return nil, err
	}
	evs, err := s.store.Events(ctx, id, after, clampLimit(limit))
	if err != nil {
		return nil, WrapInternal(err)
	}
	return c.EventsFor(by, s.cfg.now(), evs), nil
}

// AuditTrail returns who read and changed the community. The patient and
// their representatives, the coordinator and systems may read it.
func (s *Service) AuditTrail(ctx context.Context, by Principal, id ID, after int64, limit int) ([]AuditEntry, error) {
	c, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	now := s.cfg.now()
	st := c.StandingOf(by, now)
	coord, _ := c.Holder(roles.CoordinatorLeader)
	if !st.patientSide() && st != AsSystem && (coord.ID == "" || coord.ID != by.ID) {
		err := forbidden("audit-reader", "only the patient, their representatives and the coordinator can read the audit trail",
			"bare pasienten, pasientens representanter og koordinator kan lese loggen")
		s.refused(ctx, c, by, Read, "AuditTrail", err)
		return nil, err
	}
	if err := s.readable(ctx, c, by, "AuditTrail"); err != nil {
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
			return Page{}, forbidden("not-a-member", "sign in to list communities", "logg inn for å se aktørfellesskap")
		}
		if q.Member != "" && q.Member != by.ID {
			return Page{}, forbidden("own-portfolio", "you can only list communities you belong to",
				"du kan bare se aktørfellesskap du hører til")
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
	if err := c.CanRead(by, s.cfg.now()); err != nil {
		s.refused(ctx, c, by, Read, op, err)
		return err
	}
	return s.audit(ctx, c, by, Read, op, "ok")
}

func (s *Service) audit(ctx context.Context, c *Community, by Principal, a Action, op, outcome string) error {
	return WrapInternal(s.store.RecordAudit(ctx, AuditEntry{
		Community: c.ID(), At: s.cfg.now(), By: by, Action: a, Operation: op, Outcome: outcome, Version: c.Version(),
	}))
}

// refused audits a refused read or write. The refusal is what the caller
// must hear about; if the store cannot take the audit entry either, the
// store is failing and the caller's next read or write reports that.
func (s *Service) refused(ctx context.Context, c *Community, by Principal, a Action, op string, cause error) {
	_ = s.audit(ctx, c, by, a, op, string(CodeOf(cause)))
}

// save stores c's pending events with its state and a write audit entry.
func (s *Service) save(ctx context.Context, c *Community, by Principal, op string) error {
	return s.saveKeyed(ctx, c, by, op, nil)
}

// saveKeyed is save, with the command's idempotency record, if any.
func (s *Service) saveKeyed(ctx context.Context, c *Community, by Principal, op string, rec *Idempotency) error {
	now := s.cfg.now()
	pending := c.pending
	after := c.version + int64(len(pending))
	if rec != nil {
		rec.Version, rec.At, rec.Result = after, now, &c.s
	}
	err := s.store.Save(ctx, Save{
		Snapshot:    c.s, // stores encode it before returning and keep no reference
		Summary:     c.Summary(now),
		Expected:    c.version,
		Events:      pending,
		Audit:       []AuditEntry{{Community: c.ID(), At: now, By: by, Action: Write, Operation: op, Outcome: "ok", Version: after}},
		Idempotency: rec,
	})
	if err != nil {
		if CodeOf(err) == Conflict {
			return err
		}
		return WrapInternal(err)
	}
	c.MarkSaved()
	s.changed.fire()
	return nil
}
