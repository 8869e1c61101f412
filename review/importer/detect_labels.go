package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/sheet"
	"github.com/winnow-review/winnow/review/formats/xls"
	"github.com/winnow-review/winnow/review/formats/xlsx"
	"github.com/winnow-review/winnow/review/rank"
)

// ReadFinished reads a finished review's labels (winnow simulate) from a
// file's bytes, told by content as an import tells its files: an .xlsx
// or .xls workbook's first sheet with a title column (see
// rank.ReadFinishedSheet),
// or a table of text in any encoding an export comes in (Excel's
// Windows-1252, UTF-16), read by rank.ReadFinished. Errors name the line,
// or the sheet and the row; the caller names the file.
func ReadFinished(data []byte, labelColumn string) (*rank.Finished, error) {
	kind := xlsx.ProbeBytes(data)
	switch kind {
	case xlsx.ODS:
		return nil, errors.New("this is " + xlsx.ODSMessage)
	case xlsx.XLSB:
		return nil, errors.New("this is " + xlsx.XLSBMessage)
	}
	var t sheet.Table
	var err error
	switch {
	case kind == xlsx.Workbook:
		t, err = xlsx.OpenBytes(data, "")
	case xls.ProbeBytes(data):
		t, err = xls.OpenBytes(data, "")
	default:
		info, err := formats.Sniff(bytes.NewReader(data))
		if err == nil && info.Binary {
			// A damaged workbook, a PDF: say what it is.
			return nil, errors.New("this is " + info.Kind + ", not a table")
		}
		text := formats.DecodeString(data)
		if f, err, ok := readASReviewExport(text); ok {
			return f, err
		}
		return rank.ReadFinished(strings.NewReader(text), labelColumn)
	}
	if err != nil {
		return nil, sheetError(err)
	}
	defer t.Close()
	return rank.ReadFinishedSheet(sheetRows{t}, labelColumn)
}

// sheetRows words the faults of a workbook's sheet as rank's.
type sheetRows struct{ t sheet.Table }

func (s sheetRows) Sheet() string { return s.t.Sheet() }

func (s sheetRows) Next() ([]string, int, string, error) {
	cells, row, raw, err := s.t.Next()
	return cells, row, raw, sheetError(err)
}

// sheetError turns a workbook's ParseError, which names no file here,
// into a rank.LineError (sheet and row) or a plain message.
func sheetError(err error) error {
	var pe *formats.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	if pe.Sheet != "" {
		return &rank.LineError{Sheet: pe.Sheet, Line: pe.Line, Err: errors.New(pe.Msg)}
	}
	return errors.New(pe.Msg)
}

// asreviewLabelRE finds the label ASReview LAB writes in a RIS export's
// notes (N1): ASReview_relevant, ASReview_irrelevant, ASReview_not_seen.
var asreviewLabelRE = regexp.MustCompile(`\bASReview_(relevant|irrelevant|not_seen)\b`)

// ASReviewLabels names where decisions are read from in an export of
// records (a RIS file ASReview LAB wrote), for simulate's note.
const ASReviewLabels = "N1 (ASReview_relevant, ASReview_irrelevant)"

// readASReviewExport reads a finished review kept as an export of records
// (RIS, or any format import reads that is not a table), as ASReview LAB
// exports a project: each record's decision in its notes. ok is false for
// a table, which has a label column of its own. Records are numbered 1,
// 2, ... in file order; a record without a decision is refused with its
// line, as an empty label in a table is.
func readASReviewExport(text string) (f *rank.Finished, err error, ok bool) {
	sample := text[:min(len(text), formats.SampleSize)]
	format, comma, derr := Detect("", sample)
	if derr != nil || format == formats.CSV || format == formats.TSV {
		return nil, nil, false
	}
	rd := newReader(plan{format: format, comma: comma, info: formats.FileInfo{Sample: sample}}, strings.NewReader(text))
	f = &rank.Finished{LabelColumn: ASReviewLabels, Numbered: true}
	labelled := 0
	for {
		e, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *formats.ParseError
			if errors.As(err, &pe) {
				return nil, &rank.LineError{Line: pe.Line, Err: errors.New(pe.Msg)}, true
			}
			return nil, err, true
		}
		rec := &e.Record
		m := asreviewLabelRE.FindStringSubmatch(rec.Raw)
		if m == nil || m[1] == "not_seen" {
			if m != nil {
				labelled++
			}
			if labelled == 0 && len(f.Records) == 0 {
				return nil, fmt.Errorf("a %s export without ASReview's labels (N1 ASReview_relevant or ASReview_irrelevant): simulate needs each record's decision; give a table with a label column, or ASReview LAB's export of the finished project", format), true
			}
			return nil, &rank.LineError{Line: rec.Line, Err: errors.New("record has no decision (ASReview_not_seen, or no ASReview label): a replay needs the whole review decided")}, true
		}
		labelled++
		f.Records = append(f.Records, rank.Labelled{
			ID: int64(len(f.Records) + 1), Title: formats.Clean(formats.StripMarkup(rec.Title)), Abstract: formats.StripMarkup(rec.Abstract),
			Keywords: strings.Join(rec.Keywords, "; "), Included: m[1] == "relevant",
		})
	}
	if len(f.Records) == 0 {
		return nil, fmt.Errorf("a %s export with no records", format), true
	}
	return f, nil, true
}
