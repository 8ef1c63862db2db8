package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"
)

// The schema is a numbered list of migrations embedded in the binary,
// NNNN_name.sql, applied in order, each in its own transaction together
// with its row in schema_migrations. A later feature adds a file; files are
// never edited once released.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations, checking they are numbered
// 1, 2, 3 … without gaps.
func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("sqlite: migration %s is not named NNNN_name.sql", e.Name())
		}
		if v != len(out)+1 {
			return nil, fmt.Errorf("sqlite: migration %s: want number %d", e.Name(), len(out)+1)
		}
		b, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{v, name, string(b)})
	}
	return out, nil
}

// SchemaVersion is the schema version this build writes: the number of its
// migrations.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil {
		panic(err)
	}
	return len(ms)
}

const createMigrations = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at TEXT NOT NULL
)`

// currentVersion returns the highest migration applied (0 for a new file).
func currentVersion(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&n)
	if err != nil || n == 0 {
		return 0, err
	}
	var v int
	err = q.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// migrate brings db's schema up to date. Concurrent openers (other
// processes) are safe: each migration re-reads the version inside its
// immediate transaction.
func migrate(ctx context.Context, db *sql.DB) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	for _, m := range ms {
		if err := apply(ctx, db, m, len(ms)); err != nil {
			return err
		}
	}
	return nil
}

// rebuildsTables marks a migration that rebuilds a table others refer to:
// it runs with foreign keys off, as SQLite's way to change a table's
// shape needs, and is checked with foreign_key_check before it commits.
const rebuildsTables = "-- lkt: rebuilds tables"

func apply(ctx context.Context, db *sql.DB, m migration, known int) error {
	// One connection throughout: the foreign-keys setting is the
	// connection's.
	conn, err := db.Conn(ctx)
	if err != nil {
		return classify(err)
	}
	defer conn.Close()
	rebuild := strings.HasPrefix(m.sql, rebuildsTables)
	if rebuild {
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
			return err
		}
		defer conn.ExecContext(context.Background(), "PRAGMA foreign_keys = ON")
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return classify(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, createMigrations); err != nil {
		return classify(err)
	}
	v, err := currentVersion(ctx, tx)
	if err != nil {
		return err
	}
	if v > known {
		return fmt.Errorf("%w (schema version %d, this build knows %d)", ErrSchemaTooNew, v, known)
	}
	if v >= m.version {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("sqlite: migration %04d_%s: %w", m.version, m.name, classify(err))
	}
	if rebuild {
		var table, parent string
		var row, fk any
		err := tx.QueryRowContext(ctx, "PRAGMA foreign_key_check").Scan(&table, &row, &parent, &fk)
		if err == nil {
			return fmt.Errorf("sqlite: migration %04d_%s: a row of %s refers to nothing in %s; nothing was changed", m.version, m.name, table, parent)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return classify(err)
	}
	return classify(tx.Commit())
}

// checkSchema refuses a database whose schema is not the one this build
// writes, for read-only use where migrating is not possible.
func checkSchema(ctx context.Context, db *sql.DB) error {
	v, err := currentVersion(ctx, db)
	if err != nil {
		return classify(err)
	}
	switch known := SchemaVersion(); {
	case v > known:
		return fmt.Errorf("%w (schema version %d, this build knows %d)", ErrSchemaTooNew, v, known)
	case v < known:
		return fmt.Errorf("%w: schema version %d needs migrating to %d; open it writable once", ErrReadOnly, v, known)
	}
	return nil
}
