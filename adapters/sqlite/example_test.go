package sqlite_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/lkt-rammeverk/go-lkt/adapters/sqlite"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// Open a store in a file and run the Service on it. A real program passes
// lkt.ClockFunc(time.Now); the example uses the test fixture's clock and
// community.
func ExampleOpen() {
	dir, err := os.MkdirTemp("", "lkt")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	store, err := sqlite.Open(filepath.Join(dir, "lkt.db"), nil)
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()

	ctx := context.Background()
	svc := lkt.NewService(store, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	if _, err := lkttest.NewBuilder().Seed(ctx, svc); err != nil {
		log.Fatal(err)
	}
	page, err := svc.List(ctx, lkttest.Coordinator, lkt.Query{})
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range page.Items {
		fmt.Println(s.ID, s.Status, s.Municipality)
	}
	// Output: c-jonas active Bjørnafjorden
}
