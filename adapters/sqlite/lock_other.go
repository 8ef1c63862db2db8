//go:build !unix

package sqlite

import "os"

// lockFile takes no lock where flock is not available: the Store shares
// the file (as with Options.Shared), and Load checks every cached snapshot
// against the stored bytes.
func lockFile(path string, shared bool) (*os.File, bool, error) { return nil, false, nil }
