package storetest_test

import (
	"testing"

	"github.com/lkt-rammeverk/go-lkt/adapters/storetest"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// The in-memory store integrators use in their unit tests behaves as the
// real stores do.
func TestInMemoryStore(t *testing.T) {
	storetest.Run(t, func(*testing.T) lkt.Store { return lkttest.NewStore() })
}
