package main

import (
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/app"
)

// TestIntegrityCheckRefusesMalformedFile: with -check-integrity the server
// refuses to serve a database file with a damaged page, saying what is
// wrong and what to do, and changes nothing; a sound file starts.
func TestIntegrityCheckRefusesMalformedFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lkt.db")
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Start(ctx, app.Config{Addr: "127.0.0.1:0", DB: db, Quiet: true, CheckIntegrity: true}, io.Discard)
	require.NoError(t, err, "a new file is sound")
	cancel()
	require.NoError(t, a.Wait())

	raw, err := sql.Open("sqlite", db)
	require.NoError(t, err)
	var pageSize, pages int64
	require.NoError(t, raw.QueryRow("PRAGMA page_size").Scan(&pageSize))
	require.NoError(t, raw.QueryRow("PRAGMA page_count").Scan(&pages))
	require.NoError(t, raw.Close())
	// The last page, whichever table's it is, as a failing disk might
	// leave it.
	f, err := os.OpenFile(db, os.O_RDWR, 0)
	require.NoError(t, err)
	junk := make([]byte, pageSize)
	for i := range junk {
		junk[i] = 0xA5
	}
	_, err = f.WriteAt(junk, (pages-1)*pageSize)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	before, err := os.ReadFile(db)
	require.NoError(t, err)

	_, err = app.Start(context.Background(), app.Config{Addr: "127.0.0.1:0", DB: db, Quiet: true, CheckIntegrity: true}, io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "refusing to serve "+db)
	assert.Contains(t, err.Error(), "malformed")
	assert.Contains(t, err.Error(), "restore")
	t.Log(err)
	after, err := os.ReadFile(db)
	require.NoError(t, err)
	assert.Equal(t, before, after, "nothing was changed")
}
