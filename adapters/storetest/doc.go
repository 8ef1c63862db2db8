// Package storetest is the behaviour every lkt.Store must show. A store's
// own tests call [Run] with a constructor; a new backend is done when the
// suite passes.
//
// The suite checks what the domain relies on and cannot check itself:
// that a full community (every element, every revision, every event)
// survives a round trip; that a stale writer gets a conflict and leaves
// nothing behind; that events are appended in order and never rewritten;
// that every write and read leaves an audit entry; that portfolio queries
// return exactly the communities lkt.Query.Matches selects, page by page,
// without skipping or repeating while communities are added; and that
// unknown ids are reported as not found.
//
// [Populate] and [Fixture.Verify] are exported on their own so that a
// store can check a copy of itself (a backup, a replica, a migrated
// database) with the same read checks.
//
// The suite grows with the domain: when a feature adds a filter to
// lkt.Query (plans, phases), its cases are added here and every store
// must keep passing.
package storetest
