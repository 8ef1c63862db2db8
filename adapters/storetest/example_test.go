package storetest_test

import (
	"testing"

	"github.com/lkt-rammeverk/go-lkt/adapters/storetest"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// A new Store is done when the suite passes: its package's test calls Run
// with a constructor that returns a fresh, empty store for each case. Here
// the in-memory store of lkttest stands in for yours.
func ExampleRun() {
	conformance := func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) lkt.Store { return lkttest.NewStore() })
	}
	_ = conformance // in a _test.go file: func TestConformance(t *testing.T) { … }
}

// Populate and Verify check a copy of a store — a backup, a replica, a
// migrated database — with the suite's read checks.
func ExamplePopulate() {
	backupRestores := func(t *testing.T) {
		original := lkttest.NewStore()
		f := storetest.Populate(t, original)
		restored := original // your store: back it up and restore it here
		f.Verify(t, restored)
	}
	_ = backupRestores
}
