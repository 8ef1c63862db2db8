package lkttest

import (
	"bytes"
	"sync"
)

// Buffer is a bytes.Buffer that another goroutine may write to while the
// test reads it: the output of a process or server the test started, kept
// for a failure's message.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (s *Buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns what was written so far.
func (s *Buffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
