package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
)

// The dedup blocking keys a review keeps (table dedup_blocks, see
// dedup.StoredBlocks): a run after an import reads, through the table's key,
// only the old records that share a block with a new one, and their
// clusters, instead of every record's match key.
//
// The blocks are 40-bit hashes, so that a run's blocks fall all over the
// table's tree: the 45,000 blocks of 5,000 records imported into a review
// of a million touch nearly every one of its ten thousand pages, and
// writing them there (then into the write-ahead log, then back into the
// file) was a third of an update's time. So a run after an import keeps
// its blocks in the tail of the table instead, each block b as
// tailBlock+b: they follow the tree's last page, and the few pages of the
// tail are all it writes. Look-ups read both places. When the tail holds
// more than one entry for every two records (about a sixteenth of the
// review's blocks; a dozen updates of 5,000 at a million records), the
// run folds it back into the tree, and a full run (DropBlocks) rebuilds
// the table without one.

// DedupBlocksThrough gives the last record whose blocking keys the review
// keeps: 0 when it keeps none (a review copied, or deduplicated by an
// older winnow), and then the next run reads every key and keeps them.
func (s *Store) DedupBlocksThrough(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(record_id), 0) FROM dedup_blocks WHERE block = -1`).Scan(&n)
	return n, err
}

// inBatches calls f with ids a few hundred at a time, and the placeholders
// for them.
func inBatches(ids []int64, f func(part []int64, marks string) error) error {
	const most = 500
	for len(ids) > 0 {
		n := min(len(ids), most)
		if err := f(ids[:n], "(?"+strings.Repeat(", ?", n-1)+")"); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

func anyArgs(ids []int64, more ...any) []any {
	out := make([]any, 0, len(ids)+len(more))
	for _, id := range ids {
		out = append(out, id)
	}
	return append(out, more...)
}

// notWithdrawn is the condition that leaves out the rows of the
// withdrawn searches, with its arguments.
func notWithdrawn(withdrawn []int64) (string, []any) {
	if len(withdrawn) == 0 {
		return "", nil
	}
	return ` AND search_id NOT IN (?` + strings.Repeat(`, ?`, len(withdrawn)-1) + `)`, anyArgs(withdrawn)
}

// tailBlock is where the tail of dedup_blocks starts (see above): a block
// is below 1<<40.
const tailBlock = int64(1) << 40

// withTail gives the blocks and their places in the tail, in the table's
// order.
func withTail(blocks []int64) []int64 {
	out := make([]int64, 0, 2*len(blocks))
	out = append(out, blocks...)
	for _, b := range blocks {
		out = append(out, b+tailBlock)
	}
	slices.Sort(out)
	return out
}

// BlockCounts counts the records numbered up to through in each of the
// blocks (stored forms), leaving out the records of the withdrawn
// searches; a block that holds none is left out.
func (s *Store) BlockCounts(ctx context.Context, blocks []int64, through int64, withdrawn []int64) (map[int64]int, error) {
	out := make(map[int64]int, len(blocks))
	cond, wargs := notWithdrawn(withdrawn)
	err := inBatches(withTail(blocks), func(part []int64, marks string) error {
		rows, err := s.db.QueryContext(ctx, `SELECT block, count(*) FROM dedup_blocks WHERE block IN `+marks+` AND record_id <= ?`+cond+` GROUP BY block`,
			anyArgs(part, append([]any{through}, wargs...)...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var b int64
			var n int
			if err := rows.Scan(&b, &n); err != nil {
				return err
			}
			out[b%tailBlock] += n
		}
		return rows.Err()
	})
	return out, err
}

// BlockMembers lists the records numbered up to through in the blocks,
// leaving out the records of the withdrawn searches, each once.
func (s *Store) BlockMembers(ctx context.Context, blocks []int64, through int64, withdrawn []int64) ([]int64, error) {
	seen := map[int64]bool{}
	var out []int64
	cond, wargs := notWithdrawn(withdrawn)
	err := inBatches(withTail(blocks), func(part []int64, marks string) error {
		rows, err := s.db.QueryContext(ctx, `SELECT record_id FROM dedup_blocks WHERE block IN `+marks+` AND record_id <= ?`+cond,
			anyArgs(part, append([]any{through}, wargs...)...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
		return rows.Err()
	})
	return out, err
}

// ClustersOf gives every record of the clusters of ids, each with its
// cluster's primary (a primary, and a record with no duplicate, map to
// themselves).
//
// It reads every duplicate of the review with its primary, in one pass
// over the index of primaries (records_primary: 260,000 entries, a few
// megabytes, at a million records), rather than each record's row: a
// record's primary is the last column of its row, after its raw export
// text, so that reading it for the hundred thousand records an update's
// new records meet walked that many rows and their overflow pages (most
// of an update's time, before).
func (s *Store) ClustersOf(ctx context.Context, ids []int64) (map[int64]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT primary_id, id FROM records INDEXED BY records_primary
		WHERE primary_id IS NOT NULL ORDER BY primary_id, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// The duplicates by primary, and each one's primary.
	var primaries, dups []int64
	for rows.Next() {
		var p, id int64
		if err := rows.Scan(&p, &id); err != nil {
			return nil, err
		}
		primaries = append(primaries, p)
		dups = append(dups, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	primaryOf := make(map[int64]int64, len(dups))
	for i, id := range dups {
		primaryOf[id] = primaries[i]
	}
	out := make(map[int64]int64, len(ids))
	listed := map[int64]bool{}
	for _, id := range ids {
		p, ok := primaryOf[id]
		if !ok {
			p = id
		}
		out[id] = p
		if listed[p] {
			continue
		}
		listed[p] = true
		out[p] = p
		i, _ := slices.BinarySearch(primaries, p)
		for ; i < len(primaries) && primaries[i] == p; i++ {
			out[dups[i]] = p
		}
	}
	return out, nil
}

// DedupKeysOf calls fn with the kept match keys of the records ids, in
// no particular order. The bytes are valid only during the call.
func (s *Store) DedupKeysOf(ctx context.Context, ids []int64, fn func(id, searchID int64, key []byte) error) error {
	return inBatches(ids, func(part []int64, marks string) error {
		rows, err := s.db.QueryContext(ctx, `SELECT record_id, search_id, key FROM dedup_keys WHERE record_id IN `+marks, anyArgs(part)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var id, search int64
		var key sql.RawBytes
		for rows.Next() {
			if err := rows.Scan(&id, &search, &key); err != nil {
				return err
			}
			if err := fn(id, search, key); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// saveBlocks keeps the blocking keys a dedup run yields (in key order,
// so that they are appended to the table's tree: a first run over a
// million records writes ten million), and the last record they are kept
// for; with DropBlocks every kept one is forgotten first. A run after an
// import writes its blocks in the table's tail, or folds the tail back
// into the tree first when it is full (see tailBlock).
func saveBlocks(ctx context.Context, tx *sqlTx, run *DedupRun) error {
	q := `DELETE FROM dedup_blocks WHERE block = -1`
	if run.DropBlocks {
		q = `DELETE FROM dedup_blocks`
	}
	if _, err := tx.ExecContext(ctx, q); err != nil {
		return err
	}
	offset := int64(0)
	if !run.DropBlocks {
		var tail int64
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM dedup_blocks WHERE block >= ?`, tailBlock).Scan(&tail); err != nil {
			return err
		}
		offset = tailBlock
		if tail > run.BlocksThrough/2 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO dedup_blocks (block, record_id, search_id)
				SELECT block - ?, record_id, search_id FROM dedup_blocks WHERE block >= ? ORDER BY block, record_id
				ON CONFLICT (block, record_id) DO NOTHING`, tailBlock, tailBlock); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM dedup_blocks WHERE block >= ?`, tailBlock); err != nil {
				return err
			}
			offset = 0
		}
	}
	// Two keys of a record may agree on the 40 bits kept.
	b := newBatch(ctx, tx, `INSERT INTO dedup_blocks (block, record_id, search_id) VALUES `, `(?, ?, ?)`, `ON CONFLICT (block, record_id) DO NOTHING`)
	err := run.Blocks(func(block, id, search int64) error { return b.Add(block+offset, id, search) })
	if err == nil {
		err = b.Flush()
	}
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO dedup_blocks (block, record_id, search_id) VALUES (-1, ?, 0)`, run.BlocksThrough)
	return err
}
