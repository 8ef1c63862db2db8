//go:build windows

package sqlite

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockFile takes the exclusive lock that says this Store writes the
// database at path: a second writing Store, in this process or another,
// gets ErrInUse (see lock_unix.go).
//
// Windows has no flock: the lock is the file path+"-lock" opened with no
// sharing at all, which nobody else can open until this handle is closed;
// Windows closes it when the process dies, so a crash leaves nothing to
// clean up.
func lockFile(path string) (*os.File, error) {
	name, err := syscall.UTF16PtrFromString(path + "-lock")
	if err != nil {
		return nil, err
	}
	h, err := syscall.CreateFile(name, syscall.GENERIC_READ|syscall.GENERIC_WRITE, 0, nil,
		syscall.OPEN_ALWAYS, syscall.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		if errors.Is(err, errorSharingViolation) {
			return nil, ErrInUse
		}
		return nil, fmt.Errorf("sqlite: the lock file beside the database: %w (to read a database in a read-only place, open it with Options.ReadOnly)", err)
	}
	return os.NewFile(uintptr(h), path+"-lock"), nil
}

// errorSharingViolation is ERROR_SHARING_VIOLATION, which package syscall
// does not name: the file is open elsewhere without sharing.
const errorSharingViolation syscall.Errno = 32
