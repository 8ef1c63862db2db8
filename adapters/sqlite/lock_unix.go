//go:build unix

package sqlite

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockFile takes the exclusive lock that says this Store writes the
// database at path: a second writing Store, in this process or another,
// gets ErrInUse (see lock_windows.go for Windows).
//
// The lock is on a file of its own, path+"-lock", not on the database:
// closing any descriptor of the database file would drop the POSIX locks
// SQLite holds on it in this process. flock locks are released when the
// process dies, so a crash leaves nothing to clean up.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path+"-lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sqlite: the lock file beside the database: %w (to read a database in a read-only place, open it with Options.ReadOnly)", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrInUse
		}
		return nil, fmt.Errorf("sqlite: lock %s-lock: %w", path, err)
	}
	return f, nil
}
