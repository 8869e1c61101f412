package store

import (
	"context"
	"strings"
)

// batchRows is how many rows one statement of a batch writes: a
// statement's cost (and its journal's) is paid once for them all.
const batchRows = 128

// batch writes many rows with multi-row statements: head is the statement
// up to its first row ("INSERT INTO t (a, b) VALUES "), row the
// placeholders of one row ("(?, ?)"), tail what follows the rows ("ON
// CONFLICT ..."). Full batches go through one statement prepared once;
// Flush writes the rest.
type batch struct {
	ctx             context.Context
	tx              *sqlTx
	head, row, tail string
	args            []any
	perRow, rows    int
	full            *sqlStmt
	written         int
}

func newBatch(ctx context.Context, tx *sqlTx, head, row, tail string) *batch {
	return &batch{ctx: ctx, tx: tx, head: head, row: row, tail: tail, perRow: strings.Count(row, "?")}
}

func (b *batch) query(rows int) string {
	return b.head + b.row + strings.Repeat(", "+b.row, rows-1) + " " + b.tail
}

// Add queues one row's values, writing a full batch.
func (b *batch) Add(args ...any) error {
	b.args = append(b.args, args...)
	b.rows++
	if b.rows < batchRows {
		return nil
	}
	if b.full == nil {
		st, err := b.tx.PrepareContext(b.ctx, b.query(batchRows))
		if err != nil {
			return err
		}
		b.full = st
	}
	if _, err := b.full.ExecContext(b.ctx, b.args...); err != nil {
		return err
	}
	b.written += b.rows
	b.args, b.rows = b.args[:0], 0
	return nil
}

// Flush writes the rows queued and releases the statement.
func (b *batch) Flush() error {
	if b.full != nil {
		defer b.full.Close()
		b.full = nil
	}
	if b.rows == 0 {
		return nil
	}
	_, err := b.tx.ExecContext(b.ctx, b.query(b.rows), b.args...)
	b.written += b.rows
	b.args, b.rows = b.args[:0], 0
	return err
}
