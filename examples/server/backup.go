package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/lkt-rammeverk/go-lkt/adapters/sqlite"
	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// fileArgs parses a backup or restore command's -db flag (default LKT_DB,
// else the server's default) and its one file argument.
func fileArgs(cmd string, args []string, lookup func(string) (string, bool)) (db, file string, err error) {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	def := "lkt-demo.db"
	if v, ok := lookup(envName("db")); ok && v != "" {
		def = v
	}
	fs.StringVar(&db, "db", def, "the server's database file")
	if err := fs.Parse(args); err != nil {
		return "", "", fmt.Errorf("%s: %w (see -help)", cmd, err)
	}
	if fs.NArg() != 1 {
		return "", "", fmt.Errorf("%s: name one file: server %s [-db FILE] FILE (see -help)", cmd, cmd)
	}
	return db, fs.Arg(0), nil
}

// backup copies the database to dest while a server may be running on
// it: a read-only Store takes no lock and writes nothing.
func backup(ctx context.Context, args []string, lookup func(string) (string, bool), stdout io.Writer) error {
	db, dest, err := fileArgs("backup", args, lookup)
	if err != nil {
		return err
	}
	if _, err := os.Stat(db); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	s, err := sqlite.Open(db, &sqlite.Options{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("backup: open %s: %w", db, err)
	}
	defer s.Close()
	if err := s.Backup(ctx, dest); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	n, err := countCommunities(ctx, dest)
	if err != nil {
		return fmt.Errorf("backup: the copy %s does not read back: %w", dest, err)
	}
	fmt.Fprintf(stdout, "backed up %s to %s (%d communities)\n", db, dest, n)
	return nil
}

// restore puts the backup src in place of the database, keeping the
// database it replaces as db.pre-restore. It refuses while a server holds
// the database.
func restore(ctx context.Context, args []string, lookup func(string) (string, bool), stdout io.Writer) error {
	db, src, err := fileArgs("restore", args, lookup)
	if err != nil {
		return err
	}
	n, err := countCommunities(ctx, src)
	if err != nil {
		return fmt.Errorf("restore: %s is not a readable go-lkt database: %w", src, err)
	}
	kept := db + ".pre-restore"
	if _, err := os.Stat(db); err == nil {
		if _, err := os.Stat(kept); err == nil {
			return fmt.Errorf("restore: %s exists from an earlier restore: move it away first", kept)
		}
		// Opening the database for writing fails while a server holds it;
		// closing it moves its audit journal in and checkpoints its log, so
		// that the one file holds everything.
		s, err := sqlite.Open(db, nil)
		if errors.Is(err, sqlite.ErrInUse) {
			return fmt.Errorf("restore: a server is running on %s: stop it first", db)
		}
		if err != nil {
			return fmt.Errorf("restore: open %s: %w", db, err)
		}
		if err := s.Close(); err != nil {
			return fmt.Errorf("restore: close %s: %w", db, err)
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if _, err := os.Stat(db + suffix); err == nil {
				if err := os.Rename(db+suffix, kept+suffix); err != nil {
					return fmt.Errorf("restore: %w", err)
				}
			}
		}
	}
	if err := copyFile(src, db); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	// Opening it for writing applies any migration a newer server needs.
	s, err := sqlite.Open(db, nil)
	if err != nil {
		return fmt.Errorf("restore: open the restored %s: %w", db, err)
	}
	if err := s.Close(); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(stdout, "restored %s from %s (%d communities); the database it replaced is %s\n", db, src, n, kept)
	return nil
}

// countCommunities opens path read-only and counts its communities, which
// reads every summary.
func countCommunities(ctx context.Context, path string) (int, error) {
	if _, err := os.Stat(path); err != nil {
		return 0, err
	}
	s, err := sqlite.Open(path, &sqlite.Options{ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer s.Close()
	n := 0
	for q := (lkt.Query{Limit: lkt.MaxPage}); ; {
		page, err := s.Query(ctx, q)
		if err != nil {
			return 0, err
		}
		n += len(page.Items)
		if page.Next == "" {
			return n, nil
		}
		q.After = page.Next
	}
}

// copyFile copies src to dst through a temporary file beside dst, synced
// and renamed into place, so that dst is whole or absent.
func copyFile(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := dst + ".restoring"
	out, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	if _, err = io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err = out.Sync(); err != nil {
		out.Close()
		return err
	}
	if err = out.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, dst); err != nil {
		return err
	}
	d, err := os.Open(filepath.Dir(dst))
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
