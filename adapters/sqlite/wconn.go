package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
)

// wconn runs the writer's statements on its connection below
// database/sql: each statement is prepared once, and a transaction is
// begun and ended by statement. A sql.Tx would start a goroutine per
// transaction (to watch its context) and wake a thread for it, which costs
// a lone writer as much as two of its statements; the writer's statements
// run on a background context anyway (see commit).
//
// Only the writer uses it, inside (*Store).onWriter.
type wconn struct {
	dc    driver.Conn
	stmts map[string]driver.Stmt
}

// use binds w to dc, the writer connection database/sql lends, dropping
// statements prepared on another one (database/sql replaced a broken
// connection).
func (w *wconn) use(dc driver.Conn) {
	if w.dc != dc {
		w.dc, w.stmts = dc, map[string]driver.Stmt{}
	}
}

func (w *wconn) stmt(q string) (driver.Stmt, error) {
	if st := w.stmts[q]; st != nil {
		return st, nil
	}
	st, err := w.dc.(driver.ConnPrepareContext).PrepareContext(context.Background(), q)
	if err != nil {
		return nil, fmt.Errorf("prepare %q: %w", q, err)
	}
	w.stmts[q] = st
	return st, nil
}

// exec runs q and returns the number of rows it changed.
func (w *wconn) exec(q string, args ...any) (int64, error) {
	st, err := w.stmt(q)
	if err != nil {
		return 0, err
	}
	nv, err := named(args)
	if err != nil {
		return 0, err
	}
	res, err := st.(driver.StmtExecContext).ExecContext(context.Background(), nv)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// queryRow runs q and scans its first row into dest (*int64, *string,
// *[]byte or a sql.Scanner). It reports false if there is no row.
func (w *wconn) queryRow(q string, args []any, dest ...any) (bool, error) {
	st, err := w.stmt(q)
	if err != nil {
		return false, err
	}
	nv, err := named(args)
	if err != nil {
		return false, err
	}
	rows, err := st.(driver.StmtQueryContext).QueryContext(context.Background(), nv)
	if err != nil {
		return false, err
	}
	vals := make([]driver.Value, len(rows.Columns()))
	err = rows.Next(vals)
	cerr := rows.Close()
	if err == io.EOF {
		return false, cerr
	}
	if err == nil {
		err = cerr
	}
	if err != nil {
		return false, err
	}
	for i, d := range dest {
		if err := assign(d, vals[i]); err != nil {
			return false, fmt.Errorf("column %d: %w", i, err)
		}
	}
	return true, nil
}

// close finalizes the prepared statements; the connection stays open.
func (w *wconn) close() error {
	var errs []error
	for _, st := range w.stmts {
		errs = append(errs, st.Close())
	}
	w.dc, w.stmts = nil, nil
	return errors.Join(errs...)
}

func named(args []any) ([]driver.NamedValue, error) {
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		if v, ok := a.(driver.Valuer); ok {
			var err error
			if a, err = v.Value(); err != nil {
				return nil, err
			}
		}
		v, err := driver.DefaultParameterConverter.ConvertValue(a)
		if err != nil {
			return nil, fmt.Errorf("argument %d: %w", i+1, err)
		}
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return nv, nil
}

func assign(dest any, v driver.Value) error {
	switch d := dest.(type) {
	case sql.Scanner:
		return d.Scan(v)
	case *int64:
		n, ok := v.(int64)
		if !ok {
			return fmt.Errorf("want an integer, have %T", v)
		}
		*d = n
	case *string:
		switch s := v.(type) {
		case string:
			*d = s
		case []byte:
			*d = string(s)
		default:
			return fmt.Errorf("want text, have %T", v)
		}
	case *[]byte:
		switch b := v.(type) {
		case []byte:
			*d = append((*d)[:0], b...)
		case string:
			*d = []byte(b)
		case nil:
			*d = nil
		default:
			return fmt.Errorf("want bytes, have %T", v)
		}
	default:
		return fmt.Errorf("cannot scan into %T", dest)
	}
	return nil
}

// onWriter runs fn with the writer connection, below database/sql, and
// gives the connection back to the pool after (in memory, where it is
// also the only reader, reads use it between writes).
func (s *Store) onWriter(fn func(w *wconn) error) error {
	conn, err := s.w.Conn(context.Background())
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		s.wc.use(dc.(driver.Conn))
		return fn(&s.wc)
	})
}
