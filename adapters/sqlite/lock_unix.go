//go:build unix

package sqlite

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// lockFile takes the lock that says who writes the database at path:
// exclusive for a Store that keeps the file to itself, shared for Stores
// that share it (Options.Shared). It reports ok=false, with no error, where
// no lock can be taken (a read-only directory): the Store then shares.
//
// The lock is on a file of its own, path+"-lock", not on the database:
// closing any descriptor of the database file would drop the POSIX locks
// SQLite holds on it in this process. flock locks are released when the
// process dies, so a crash leaves nothing to clean up.
func lockFile(path string, shared bool) (f *os.File, ok bool, err error) {
	f, err = os.OpenFile(path+"-lock", os.O_RDWR|os.O_CREATE, 0o600)
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	how := syscall.LOCK_EX
	if shared {
		how = syscall.LOCK_SH
	}
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, false, ErrInUse
		}
		return nil, false, err
	}
	return f, true, nil
}
