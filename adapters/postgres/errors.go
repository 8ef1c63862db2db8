package postgres

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// Errors a caller can tell apart with errors.Is.
var (
	// ErrSchemaTooNew: the schema was written by a newer go-lkt, whose
	// migrations this version does not know. Using it could corrupt it.
	ErrSchemaTooNew = errors.New("postgres: the schema was written by a newer version of go-lkt; upgrade go-lkt to use it")
	// ErrOutcomeUnknown: the connection was lost while COMMIT was under
	// way and the store could not find out, within its retries, whether the
	// save was stored. Read the community again before redoing it.
	ErrOutcomeUnknown = errors.New("postgres: the connection was lost during COMMIT and the save's outcome could not be checked; read the community again")
)

// SQLSTATE codes the store acts on.
const (
	uniqueViolation      = "23505"
	duplicateSchema      = "42P06"
	duplicateTable       = "42P07"
	duplicateObject      = "42710" // e.g. the row type of a table another session created at the same moment
	serializationFailure = "40001"
	deadlockDetected     = "40P01"
	adminShutdown        = "57P01" // the backend was terminated (pg_terminate_backend, a fast shutdown)
	crashShutdown        = "57P02"
	cannotConnectNow     = "57P03" // the server is starting up or shutting down
	tooManyConnections   = "53300"
)

// isCode reports whether err is a server error with one of codes.
func isCode(err error, codes ...string) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	for _, c := range codes {
		if pe.Code == c {
			return true
		}
	}
	return false
}

// transient reports whether err may pass if the same work is done again
// from the start: the server aborted the transaction for a reason of the
// moment (a serialization failure, a deadlock, a shutdown, too many
// connections), or the connection failed. Callers retry only work that
// had not committed (see Store.save) or that only reads.
func transient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrOutcomeUnknown) {
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case serializationFailure, deadlockDetected, adminShutdown, crashShutdown, cannotConnectNow, tooManyConnections:
			return true
		}
		return strings.HasPrefix(pe.Code, "08") // connection exceptions
	}
	// Not the server's answer: the connection could not be made, was
	// reset or closed. A domain error (a conflict) is not one of these.
	var (
		ce *pgconn.ConnectError
		ne net.Error
	)
	return errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		pgconn.SafeToRetry(err) || isConnLevel(err)
}

// isConnLevel reports whether err came from the connection rather than
// from the server or the caller: a reset, an EOF, a closed connection.
func isConnLevel(err error) bool {
	type coded interface{ ErrorCode() string }
	var c coded
	if errors.As(err, &c) {
		return false // a go-lkt error
	}
	msg := err.Error()
	for _, s := range []string{"conn closed", "connection reset", "broken pipe", "EOF", "unexpected EOF",
		"connection refused", "failed to connect", "conn busy", "server closed the connection", "receive message failed",
		"write failed", "failed to deallocate"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// isOpenPatientTaken reports whether err is the unique index of
// 0004_one_open_community.sql refusing a second open community of one
// patient (lkt.RuleOneOpenCommunity).
func isOpenPatientTaken(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == uniqueViolation && pe.ConstraintName == "communities_open_patient"
}
