package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The schema is a numbered list of migrations embedded in the binary,
// NNNN_name.sql, applied in order, each in one transaction together with
// its row in schema_migrations. Files are never edited once released.
//
// Why not pressly/goose: its guard against two processes migrating at once
// is a PostgreSQL advisory lock, which this store does without (see the
// package doc), and it needs database/sql beside pgx. Here the guard is
// the migration's own row: each migration's transaction first inserts its
// version into schema_migrations, so a second process starting at the
// same moment waits on that primary key until the first commits, then
// fails with a unique violation, rolls back and finds the migration done.
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
			return nil, fmt.Errorf("postgres: migration %s is not named NNNN_name.sql", e.Name())
		}
		if v != len(out)+1 {
			return nil, fmt.Errorf("postgres: migration %s: want number %d", e.Name(), len(out)+1)
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
	version    integer PRIMARY KEY,
	name       text NOT NULL,
	applied_at timestamptz NOT NULL DEFAULT now()
)`

// migrate brings the schema up to date; safe to run from several
// processes at once (see migrationFiles).
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	// Another process created it meanwhile: CREATE TABLE IF NOT EXISTS
	// racing with another's may fail on the table's name (42P07), its row
	// type's (42710, "type schema_migrations already exists") or the
	// catalog's unique index (23505).
	if _, err := pool.Exec(ctx, createMigrations); err != nil && !isCode(err, uniqueViolation, duplicateTable, duplicateObject) {
		return fmt.Errorf("postgres: schema_migrations: %w", err)
	}
	var current int
	if err := pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return err
	}
	if current > len(ms) {
		return fmt.Errorf("%w (schema version %d, this build knows %d)", ErrSchemaTooNew, current, len(ms))
	}
	for _, m := range ms[current:] {
		if err := apply(ctx, pool, m); err != nil {
			return err
		}
	}
	return nil
}

// apply runs m unless another process has run it.
func apply(ctx context.Context, pool *pgxpool.Pool, m migration) error {
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.version, m.name); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, m.sql); err != nil {
			return fmt.Errorf("postgres: migration %04d_%s: %w", m.version, m.name, err)
		}
		return nil
	})
	if isCode(err, uniqueViolation) {
		return nil // applied by another process meanwhile
	}
	return err
}
