package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/winnow-review/winnow/review"
)

// ErrNoForm is a review with no charting form installed yet.
var ErrNoForm = errors.New("no charting form")

// ChartForm is an installed charting form: its file as installed.
type ChartForm struct {
	ID      int64     `json:"id"`
	Version int       `json:"version"`
	YAML    string    `json:"yaml"`
	At      time.Time `json:"at"`
	By      string    `json:"by"`
}

// InstallForm installs a charting form (the latest is in force), logged
// with detail.
func (s *Store) InstallForm(ctx context.Context, version int, yaml, by, detail string) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sqlTx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO chart_forms (version, yaml, at, by) VALUES (?, ?, ?, ?) RETURNING id`, version, yaml, s.now(), by).Scan(&id)
		if err != nil {
			return err
		}
		return s.event(ctx, tx, by, "chart form", 0, 0, detail)
	})
	return id, err
}

// Form gives the charting form in force.
func (s *Store) Form(ctx context.Context) (*ChartForm, error) {
	return chartForm(ctx, s.db, `ORDER BY id DESC LIMIT 1`)
}

// Forms lists every installed form, oldest first.
func (s *Store) Forms(ctx context.Context) ([]ChartForm, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, version, yaml, at, by FROM chart_forms ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ChartForm
	for rows.Next() {
		f, err := scanForm(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *f)
	}
	return out, rows.Err()
}

func chartForm(ctx context.Context, q querier, tail string) (*ChartForm, error) {
	f, err := scanForm(q.QueryRowContext(ctx, `SELECT id, version, yaml, at, by FROM chart_forms `+tail))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, review.RefuseFix(ErrNoForm, review.FixInstallForm, "", "no charting form yet")
	}
	return f, err
}

func scanForm(row scanner) (*ChartForm, error) {
	var f ChartForm
	var at string
	if err := row.Scan(&f.ID, &f.Version, &f.YAML, &at, &f.By); err != nil {
		return nil, err
	}
	f.At, _ = time.Parse(time.RFC3339Nano, at)
	return &f, nil
}

// Answer is one reviewer's answer to one field for one record, or a
// consensus answer (Reviewer empty).
type Answer struct {
	RecordID int64     `json:"record"`
	Reviewer string    `json:"reviewer,omitempty"`
	Field    string    `json:"field"`
	Value    string    `json:"value"`
	FormID   int64     `json:"form,omitempty"`
	Note     string    `json:"note,omitempty"`
	At       time.Time `json:"at"`
	// LoadedBy is the lead who loaded someone else's answer from a file.
	LoadedBy string `json:"loaded_by,omitempty"`
	// From names the file and line an answer was loaded from, for the
	// log.
	From string `json:"-"`
}

// AnswerError is the answer of a batch that could not be saved.
type AnswerError struct {
	Index int
	Err   error
}

func (e *AnswerError) Error() string { return e.Err.Error() }
func (e *AnswerError) Unwrap() error { return e.Err }

// SaveAnswers keeps reviewers' answers, in one transaction, each logged.
// An answer equal to the one in force is not written again.
func (s *Store) SaveAnswers(ctx context.Context, as []Answer, by string) (saved int, err error) {
	err = s.inTx(ctx, func(tx *sqlTx) error {
		now := s.now()
		for i, a := range as {
			var old string
			err := tx.QueryRowContext(ctx, `SELECT value FROM chart_answers WHERE record_id = ? AND field = ? AND reviewer = ? ORDER BY id DESC LIMIT 1`,
				a.RecordID, a.Field, a.Reviewer).Scan(&old)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return &AnswerError{i, err}
			}
			if err == nil && old == a.Value {
				continue
			}
			if errors.Is(err, sql.ErrNoRows) && a.Value == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO chart_answers (record_id, reviewer, field, value, form_id, at, loaded_by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				a.RecordID, a.Reviewer, a.Field, a.Value, a.FormID, now, a.LoadedBy); err != nil {
				return &AnswerError{i, err}
			}
			detail := fmt.Sprintf("%s = %s", a.Field, quoteAnswer(a.Value))
			if a.Value == "" {
				detail = a.Field + " cleared"
			}
			if err == nil {
				detail += fmt.Sprintf(" (changed from %s)", quoteAnswer(old))
			}
			if a.LoadedBy != "" && !strings.EqualFold(a.LoadedBy, a.Reviewer) {
				detail += " loaded by " + a.LoadedBy
			}
			if a.From != "" {
				detail += " from " + a.From
			}
			if err := s.event(ctx, tx, a.Reviewer, "chart", a.RecordID, 0, detail); err != nil {
				return &AnswerError{i, err}
			}
			saved++
		}
		return nil
	})
	if err != nil {
		saved = 0
	}
	return saved, err
}

func quoteAnswer(v string) string {
	const most = 60
	if r := []rune(v); len(r) > most {
		v = string(r[:most]) + "…"
	}
	return fmt.Sprintf("%q", v)
}

// SaveConsensus keeps a lead's consensus answers, in one transaction,
// each logged.
func (s *Store) SaveConsensus(ctx context.Context, as []Answer, by string) error {
	return s.inTx(ctx, func(tx *sqlTx) error {
		now := s.now()
		for i, a := range as {
			if _, err := tx.ExecContext(ctx, `INSERT INTO chart_consensus (record_id, field, value, note, at, by) VALUES (?, ?, ?, ?, ?, ?)`,
				a.RecordID, a.Field, a.Value, a.Note, now, by); err != nil {
				return &AnswerError{i, err}
			}
			detail := fmt.Sprintf("consensus %s = %s", a.Field, quoteAnswer(a.Value))
			if a.Value == "" {
				detail = fmt.Sprintf("consensus on %s withdrawn", a.Field)
			}
			if a.Note != "" {
				detail += " note: " + a.Note
			}
			if err := s.event(ctx, tx, by, "chart agree", a.RecordID, 0, detail); err != nil {
				return &AnswerError{i, err}
			}
		}
		return nil
	})
}

// Answers lists the answers in force that the viewer may see (a
// screener's own while the review is blind), for one record or (record
// 0) all, by record, field and reviewer.
func (s *Store) Answers(ctx context.Context, record int64, viewer review.Viewer) ([]Answer, error) {
	q := `SELECT a.record_id, a.reviewer, a.field, a.value, a.form_id, a.at, a.loaded_by FROM chart_answers a
		WHERE a.id = (SELECT max(b.id) FROM chart_answers b WHERE b.record_id = a.record_id AND b.field = a.field AND b.reviewer = a.reviewer)
		AND a.value != ''`
	var args []any
	if record != 0 {
		q += ` AND a.record_id = ?`
		args = append(args, record)
	}
	if !viewer.SeesAll() {
		q += ` AND a.reviewer = ? COLLATE NOCASE`
		args = append(args, viewer.Name)
	}
	q += ` ORDER BY a.record_id, a.field, a.reviewer`
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Answer
	for rows.Next() {
		var a Answer
		var at string
		if err := rows.Scan(&a.RecordID, &a.Reviewer, &a.Field, &a.Value, &a.FormID, &at, &a.LoadedBy); err != nil {
			return nil, err
		}
		a.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// ConsensusAnswers lists the lead's consensus answers in force, for one
// record or (record 0) all. They are a lead's view while the review is
// blind: the caller checks the viewer.
func (s *Store) ConsensusAnswers(ctx context.Context, record int64) ([]Answer, error) {
	q := `SELECT a.record_id, a.field, a.value, a.note, a.at, a.by FROM chart_consensus a
		WHERE a.id = (SELECT max(b.id) FROM chart_consensus b WHERE b.record_id = a.record_id AND b.field = a.field)
		AND a.value != ''`
	var args []any
	if record != 0 {
		q += ` AND a.record_id = ?`
		args = append(args, record)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY a.record_id, a.field`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Answer
	for rows.Next() {
		var a Answer
		var at string
		if err := rows.Scan(&a.RecordID, &a.Field, &a.Value, &a.Note, &at, &a.LoadedBy); err != nil {
			return nil, err
		}
		a.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// IncludedStudies lists the studies included at full text, each as the
// record that stands for it: the first included report of a study whose
// reports were linked (`winnow study link`), or the included record
// itself. report maps every included record to its study's record.
func (s *Store) IncludedStudies(ctx context.Context) (studies []int64, report map[int64]int64, err error) {
	rows, err := s.db.QueryContext(ctx, `SELECT o.record_id, coalesce(sr.study_id, o.record_id) FROM outcomes o
		LEFT JOIN study_reports sr ON sr.record_id = o.record_id
		WHERE o.stage = 'full-text' AND o.outcome = 'included' ORDER BY o.record_id`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	report = map[int64]int64{}
	first := map[int64]int64{} // study → its first included report
	var order []int64
	for rows.Next() {
		var id, study int64
		if err := rows.Scan(&id, &study); err != nil {
			return nil, nil, err
		}
		if _, ok := first[study]; !ok {
			first[study] = id
			order = append(order, study)
		}
		report[id] = first[study]
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	for _, st := range order {
		studies = append(studies, first[st])
	}
	return studies, report, nil
}
