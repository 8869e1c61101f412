package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/winnow-review/winnow/review"
)

// Import is one import command's transaction. Records stream into it; the
// full-text index is built in bulk when it commits. Until Commit nothing is
// visible, and Rollback leaves the review exactly as it was.
type Import struct {
	s   *Store
	ctx context.Context
	tx  *sqlTx
	ins *sqlStmt
	fts *sqlStmt
	// terms gathers the words of the records indexed (SQLite).
	terms *sqlStmt
	// indexed is the last record already in the full-text index; lastID
	// the last record added.
	indexed, lastID int64
	by              string
	// On PostgreSQL, records go in by COPY, ftsBatch at a time, on the
	// transaction's own connection: rows and docs are the records and
	// index entries not yet sent.
	conn *sqlConn
	rows [][]any
	// copying, while a batch is being sent, gives its error when done.
	copying chan error
}

// recordColumnsIn are the columns an import fills, in the order given.
var recordColumnsIn = []string{"id", "search_id", "line", "source_id", "type", "title", "abstract",
	"authors", "author_names", "year", "journal", "volume", "issue", "pages", "doi", "pmid", "issn", "keywords", "url", "language", "database", "raw"}

// ftsBatch is how many records are indexed at once. The index is filled
// from the rows just written, while their pages are still in the cache:
// one pass at the end would read the whole import back from disk, and a
// per-row trigger made imports about four times slower.
const ftsBatch = 2048

// BeginImport starts an import made by reviewer `by`.
func (s *Store) BeginImport(ctx context.Context, by string) (*Import, error) {
	if s.Postgres() {
		return s.beginPostgresImport(ctx, by)
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, s.driverError(err)
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO records (id, search_id, line, source_id, type, title, abstract,
		authors, author_names, year, journal, volume, issue, pages, doi, pmid, issn, keywords, url, language, database, raw)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	// The words of the records imported are gathered by FTS5's own
	// tokenizer into a throwaway index of this connection (words only:
	// no text, no positions), and added to records_fts_terms at the end.
	for _, q := range []string{`DROP TABLE IF EXISTS temp.import_terms`,
		`CREATE VIRTUAL TABLE temp.import_terms USING fts5 (title, abstract, author_names, keywords,
			content = '', detail = none, columnsize = 0, tokenize = 'unicode61 remove_diacritics 2')`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			ins.Close()
			tx.Rollback()
			return nil, err
		}
	}
	fts, err := tx.PrepareContext(ctx, `INSERT INTO records_fts (rowid, title, abstract, author_names, keywords)
		SELECT id, title, abstract, author_names, keywords FROM records WHERE id > ? AND id <= ?`)
	if err != nil {
		ins.Close()
		tx.Rollback()
		return nil, err
	}
	terms, err := tx.PrepareContext(ctx, `INSERT INTO temp.import_terms (rowid, title, abstract, author_names, keywords)
		SELECT id, title, abstract, author_names, keywords FROM records WHERE id > ? AND id <= ?`)
	if err != nil {
		ins.Close()
		fts.Close()
		tx.Rollback()
		return nil, err
	}
	im := &Import{s: s, ctx: ctx, tx: tx, ins: ins, fts: fts, terms: terms, by: by}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM records`).Scan(&im.indexed); err != nil {
		im.Rollback()
		return nil, err
	}
	im.lastID = im.indexed
	return im, nil
}

// SearchBySHA finds an earlier search of a file with the same content, or
// returns nil. A withdrawn search does not count: its file may be
// imported again.
func (im *Import) SearchBySHA(sha string) (*review.Search, error) {
	if err := im.waitCopy(); err != nil {
		return nil, err
	}
	rows, err := im.tx.QueryContext(im.ctx, searchSelect+` WHERE sha256 = ? AND withdrawn_at IS NULL ORDER BY id LIMIT 1`, sha)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, rows.Err()
	}
	return scanSearch(rows)
}

// AddSearch records a search and sets its ID; its counts are set by
// FinishSearch.
func (im *Import) AddSearch(sr *review.Search) error {
	if err := im.waitCopy(); err != nil {
		return err
	}
	sr.By = im.by
	sr.Imported = im.s.Now()
	return im.tx.QueryRowContext(im.ctx, `INSERT INTO searches (id, source, kind, searched, query, file, sha256, format, encoding, imported_at, imported_by)
		VALUES (`+nextID("searches")+`, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		sr.Source, string(sr.Kind), sr.Searched, sr.Query, sr.File, sr.SHA256, sr.Format, sr.Encoding, sr.Imported.UTC().Format(time.RFC3339Nano), im.by).Scan(&sr.ID)
}

// AddRecord stores one record of the search and sets its ID.
func (im *Import) AddRecord(r *review.Record) error {
	authors, err := json.Marshal(r.Authors)
	if err != nil {
		return err
	}
	if r.Authors == nil {
		authors = []byte("[]")
	}
	var year any
	if r.Year != 0 {
		year = r.Year
	}
	r.ID = im.lastID + 1
	row := []any{r.ID, r.SearchID, r.Line, r.SourceID, r.Type, r.Title, r.Abstract,
		string(authors), r.AuthorNames(), year, r.Journal, r.Volume, r.Issue, r.Pages, r.DOI, r.PMID, r.ISSN,
		strings.Join(r.Keywords, "; "), r.URL, r.Language, r.Database, r.Raw}
	if im.conn != nil {
		im.rows = append(im.rows, row)
	} else if _, err = im.ins.ExecContext(im.ctx, row...); err != nil {
		return err
	}
	im.lastID = r.ID
	if im.lastID-im.indexed >= ftsBatch {
		return im.index()
	}
	return nil
}

// index adds the records not yet indexed to the full-text index.
func (im *Import) index() error {
	if im.lastID == im.indexed {
		return nil
	}
	var err error
	if im.conn != nil {
		err = im.copyRows()
	} else {
		_, err = im.fts.ExecContext(im.ctx, im.indexed, im.lastID)
		if err == nil {
			_, err = im.terms.ExecContext(im.ctx, im.indexed, im.lastID)
		}
	}
	if err != nil {
		return err
	}
	im.indexed = im.lastID
	return nil
}

// FinishSearch sets a search's counts and logs it.
func (im *Import) FinishSearch(sr *review.Search) error {
	if err := im.index(); err != nil {
		return err
	}
	if err := im.waitCopy(); err != nil {
		return err
	}
	if _, err := im.tx.ExecContext(im.ctx, `UPDATE searches SET records = ?, skipped = ? WHERE id = ?`, sr.Records, sr.Skipped, sr.ID); err != nil {
		return err
	}
	noun := "records"
	if sr.Records == 1 {
		noun = "record"
	}
	detail := fmt.Sprintf("%d %s from %s (%s, %s, %s)", sr.Records, noun, sr.File, sr.Source, sr.Kind, sr.Format)
	if sr.Skipped > 0 {
		detail += fmt.Sprintf(", %d bad records skipped", sr.Skipped)
	}
	return im.s.event(im.ctx, im.tx, im.by, "import", 0, sr.ID, detail)
}

// Commit indexes the last records for search and commits the import.
func (im *Import) Commit() error {
	defer im.close()
	err := im.index()
	if werr := im.waitCopy(); err == nil {
		err = werr
	}
	if err == nil && im.terms != nil {
		err = addImportTerms(im.ctx, im.tx)
	}
	if err != nil {
		im.tx.Rollback()
		return err
	}
	return im.s.driverError(im.tx.Commit())
}

// Rollback abandons the import.
func (im *Import) Rollback() {
	im.waitCopy()
	im.tx.Rollback()
	im.close()
}

func (im *Import) close() {
	if im.ins != nil {
		im.ins.Close()
		im.fts.Close()
		im.terms.Close()
	}
	if im.conn != nil {
		im.conn.Close()
	}
}

const searchSelect = `SELECT id, source, kind, searched, query, file, sha256, format, encoding, records, skipped, combined, imported_at, imported_by, coalesce(identified, 0),
	coalesce(withdrawn_at, ''), withdrawn_by, withdrawn_note FROM searches`

type scanner interface{ Scan(...any) error }

func scanSearch(row scanner) (*review.Search, error) {
	var sr review.Search
	var kind, at, withdrawn string
	if err := row.Scan(&sr.ID, &sr.Source, &kind, &sr.Searched, &sr.Query, &sr.File, &sr.SHA256, &sr.Format, &sr.Encoding,
		&sr.Records, &sr.Skipped, &sr.Combined, &at, &sr.By, &sr.Identified, &withdrawn, &sr.WithdrawnBy, &sr.WithdrawnNote); err != nil {
		return nil, err
	}
	sr.Kind = review.Kind(kind)
	sr.Imported, _ = time.Parse(time.RFC3339Nano, at)
	if withdrawn != "" {
		t, _ := time.Parse(time.RFC3339Nano, withdrawn)
		sr.Withdrawn = &t
	}
	return &sr, nil
}

// Searches lists every search in import order, the withdrawn ones too.
func (s *Store) Searches(ctx context.Context) ([]review.Search, error) {
	return searches(ctx, s.db, false)
}

// searches lists the searches in import order; liveOnly leaves out the
// withdrawn ones.
func searches(ctx context.Context, q querier, liveOnly bool) ([]review.Search, error) {
	where := ``
	if liveOnly {
		where = ` WHERE withdrawn_at IS NULL`
	}
	rows, err := q.QueryContext(ctx, searchSelect+where+` ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []review.Search
	for rows.Next() {
		sr, err := scanSearch(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *sr)
	}
	return out, rows.Err()
}

// Sources sums the searches per source and kind, in the order each source
// was first imported. Withdrawn searches are counted apart: the files and
// records are the live ones.
func (s *Store) Sources(ctx context.Context) ([]review.SourceSummary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT source, kind, coalesce(max(searched) FILTER (WHERE withdrawn_at IS NULL), ''),
		count(*) FILTER (WHERE withdrawn_at IS NULL), coalesce(sum(records) FILTER (WHERE withdrawn_at IS NULL), 0),
		count(*) FILTER (WHERE withdrawn_at IS NOT NULL)
		FROM searches GROUP BY source, kind ORDER BY min(id)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []review.SourceSummary
	for rows.Next() {
		var ss review.SourceSummary
		var kind string
		if err := rows.Scan(&ss.Source, &kind, &ss.Searched, &ss.Files, &ss.Records, &ss.Withdrawn); err != nil {
			return nil, err
		}
		ss.Kind = review.Kind(kind)
		out = append(out, ss)
	}
	return out, rows.Err()
}

// RecordQuery selects records for a listing.
type RecordQuery struct {
	// Search is full-text search over title, abstract, authors and
	// keywords: words (all must match), "quoted phrases", prefix* and
	// OR / NOT between terms.
	Search string
	// Limit caps the number of records; 0 means all.
	Limit int
	// All lists linked duplicates too; by default only the records that
	// go to screening (primaries and records without duplicates).
	All bool
	// After lists only the records numbered above it.
	After int64
	// Withdrawn lists the records of withdrawn searches too (a dedup run
	// keeps their match keys, for when they are restored); no listing
	// shows them.
	Withdrawn bool
}

const recordColumns = `r.id, r.search_id, s.source, r.line, r.source_id, r.type, r.title, r.abstract, r.authors,
	r.year, r.journal, r.volume, r.issue, r.pages, r.doi, r.pmid, r.issn, r.keywords, r.url, r.language, r.database, coalesce(r.primary_id, 0),
	r.withdrawn <> 0`

// EachRecord calls fn for every record the query selects, in record order,
// without holding them all in memory. Raw text is not loaded.
func (s *Store) EachRecord(ctx context.Context, q RecordQuery, fn func(*review.Record) error) error {
	query := `SELECT ` + recordColumns + `, '' FROM records r JOIN searches s ON s.id = r.search_id`
	var args []any
	var where []string
	if strings.TrimSpace(q.Search) != "" {
		cond, match, err := s.searchCond(ctx, q.Search)
		if err != nil {
			return err
		}
		where = append(where, cond)
		args = append(args, match)
	}
	if !q.All {
		where = append(where, `r.primary_id IS NULL`)
	}
	if !q.Withdrawn {
		where = append(where, live("r"))
	}
	if q.After > 0 {
		where = append(where, `r.id > ?`)
		args = append(args, q.After)
	}
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	query += ` ORDER BY r.id`
	if q.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, q.Limit)
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return searchError(q.Search, err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return searchError(q.Search, rows.Err())
}

func searchError(search string, err error) error {
	if err != nil && strings.Contains(err.Error(), "fts5") {
		return review.Refuse(ErrBadSearch, "search %q: %v", search, strings.TrimPrefix(err.Error(), "SQL logic error: "))
	}
	return err
}

// Record returns one record with its raw text.
func (s *Store) Record(ctx context.Context, id int64) (*review.Record, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+recordColumns+`, r.raw FROM records r JOIN searches s ON s.id = r.search_id WHERE r.id = ?`, id)
	r, err := scanRecord(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, review.Refuse(ErrNotFound, "record %d", id)
	}
	return r, err
}

// RecordIDs returns the numbers of the live records whose field ("doi"
// or "pmid") equals value, in record order.
func (s *Store) RecordIDs(ctx context.Context, field, value string) ([]int64, error) {
	if field != "doi" && field != "pmid" {
		return nil, fmt.Errorf("store.RecordIDs: cannot look up by %q", field)
	}
	return recordIDs(s.db.QueryContext(ctx, `SELECT id FROM records WHERE `+field+` = ? AND `+field+` <> '' AND `+live("records")+` ORDER BY id`, value))
}

// CountRecords gives the number of records in the review file, withdrawn
// ones too.
func (s *Store) CountRecords(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM records`).Scan(&n)
	return n, err
}

func scanRecord(row scanner) (*review.Record, error) {
	var r review.Record
	var authors, keywords string
	var year sql.NullInt64
	if err := row.Scan(&r.ID, &r.SearchID, &r.Source, &r.Line, &r.SourceID, &r.Type, &r.Title, &r.Abstract, &authors,
		&year, &r.Journal, &r.Volume, &r.Issue, &r.Pages, &r.DOI, &r.PMID, &r.ISSN, &keywords, &r.URL, &r.Language, &r.Database, &r.DuplicateOf, &r.Withdrawn, &r.Raw); err != nil {
		return nil, err
	}
	r.Year = int(year.Int64)
	var err error
	if r.Authors, err = decodeAuthors([]byte(authors)); err != nil {
		return nil, fmt.Errorf("record %d: authors: %w", r.ID, err)
	}
	if keywords != "" {
		r.Keywords = strings.Split(keywords, "; ")
	}
	return &r, nil
}

// FindRef returns the numbers of the records a reference names: one for a
// record number, every live record with the DOI or PMID otherwise
// (duplicates share them until they are linked). A linked duplicate is
// resolved to its cluster's primary; a withdrawn record is refused
// (ErrWithdrawn), as everything that changes a record finds it here.
func (s *Store) FindRef(ctx context.Context, ref review.Ref) ([]int64, error) {
	var ids []int64
	var err error
	switch {
	case ref.DOI != "":
		ids, err = s.RecordIDs(ctx, "doi", ref.DOI)
	case ref.PMID != "":
		ids, err = s.RecordIDs(ctx, "pmid", ref.PMID)
	default:
		var n int
		err = s.db.QueryRowContext(ctx, `SELECT count(*) FROM records WHERE id = ?`, ref.ID).Scan(&n)
		if n > 0 {
			ids = []int64{ref.ID}
		}
	}
	if err == nil && len(ids) == 0 && ref.ID == 0 {
		err = s.withdrawnRef(ctx, ref)
	}
	if err == nil && len(ids) == 0 {
		return nil, review.Refuse(ErrNotFound, "no record %s in the review", ref)
	}
	if err != nil {
		return nil, err
	}
	// A linked duplicate stands for its cluster's primary; a withdrawn
	// record is refused.
	seen := map[int64]bool{}
	out := ids[:0]
	for _, id := range ids {
		p, err := s.PrimaryOf(ctx, id)
		if err != nil {
			return nil, err
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out, nil
}

// EachRawWith calls fn, in record order, for every live record whose raw
// text holds marker (text other tools write into a record, such as
// Rayyan's "RAYYAN-INCLUSION:"), with the record that stands for its
// cluster in screening (itself unless it is a linked duplicate).
func (s *Store) EachRawWith(ctx context.Context, marker string, fn func(id, primary int64, raw string) error) error {
	like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(marker) + "%"
	rows, err := s.db.QueryContext(ctx, `SELECT id, coalesce(primary_id, id), raw FROM records WHERE raw LIKE ? ESCAPE '\' AND `+live("records")+` ORDER BY id`, like)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, primary int64
		var raw string
		if err := rows.Scan(&id, &primary, &raw); err != nil {
			return err
		}
		if err := fn(id, primary, raw); err != nil {
			return err
		}
	}
	return rows.Err()
}
