package importer

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/xls/xlstest"
)

// TestImportXLS imports a Web of Science "Excel" export (savedrecs.xls,
// Excel 97-2003) told by its content, and checks its records field by
// field: text from shared strings split across records, Portuguese in 8
// bits, Greek in 16, numbers as RK and MULRK.
func TestImportXLS(t *testing.T) {
	st := mustCreate(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "savedrecs (1).txt")
	abstract := "Este estudo avaliou as inteligências múltiplas " + strings.Repeat("de crianças e adolescentes, ", 10) + "em escolas (Ελλάδα)."
	xlstest.Write(t, path, xlstest.Book{Chunk: 64, MulRK: true, Sheets: []xlstest.Sheet{
		{Name: "Empty"},
		{Name: "savedrecs", Rows: [][]any{
			{"Publication Type", "Authors", "Article Title", "Source Title", "Abstract", "Publication Year", "Volume", "Start Page", "End Page", "DOI", "Pubmed Id", "UT (Unique WOS ID)"},
			{"J", "Pocinho, Margarida; Mendes, Cristina", "Avaliação das Inteligências Múltiplas", "PSICOLOGIA ESCOLAR E EDUCACIONAL", abstract, 2021, 25, 101, 110, "10.1590/2175-35392021224170", 34567890, "WOS:000700000000001"},
			{"J", "Παπαδόπουλος, Γ", xlstest.Label("Ελληνική μελέτη"), "ΙΑΤΡΙΚΗ", "", 2019.0, "", "", "", "", "", "WOS:000500000000002"},
		}},
	}})
	res, err := Import(ctx, st, []string{path}, Options{Source: "Web of Science", Kind: review.Database, By: "test"})
	if err != nil {
		t.Fatal(err)
	}
	s := res[0].Search
	if s.Records != 2 || s.Format != "xls" || len(res[0].Warnings) != 0 {
		t.Fatalf("%d records, format %s, warnings %v", s.Records, s.Format, res[0].Warnings)
	}
	r, err := st.Record(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "Avaliação das Inteligências Múltiplas" || r.Journal != "PSICOLOGIA ESCOLAR E EDUCACIONAL" || r.Year != 2021 ||
		r.DOI != "10.1590/2175-35392021224170" || r.PMID != "34567890" || r.Abstract != abstract || r.Line != 2 ||
		len(r.Authors) != 2 || r.Authors[1].String() != "Mendes, Cristina" {
		t.Errorf("record 1 %+v", r)
	}
	if !strings.HasPrefix(r.Raw, `J,"Pocinho, Margarida; Mendes, Cristina",Avaliação das Inteligências Múltiplas,`) {
		t.Errorf("raw %q", r.Raw)
	}
	r, err = st.Record(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "Ελληνική μελέτη" || r.Journal != "ΙΑΤΡΙΚΗ" || r.Year != 2019 || r.Line != 3 || len(r.Authors) != 1 || r.Authors[0].Family != "Παπαδόπουλος" {
		t.Errorf("record 2 %+v", r)
	}
}

// TestXLSRefused: an .xls and a text file are each what they are, and an
// .xls winnow cannot read says why.
func TestXLSRefused(t *testing.T) {
	write := writeIn(t, t.TempDir())
	sheet := []xlstest.Sheet{{Name: "savedrecs", Rows: [][]any{{"Article Title"}, {"A"}}}}
	book := write("savedrecs.xls", xlstest.Book{Sheets: sheet}.Bytes())
	// --format xlsx (or excel, which names it) on an .xls is a workbook
	// still: read as the .xls it is.
	res, err := Import(context.Background(), mustCreate(t), []string{book}, Options{Source: "WoS", Kind: review.Database, Format: formats.XLSX})
	if err != nil || res[0].Search.Format != string(formats.XLS) || res[0].Search.Records != 1 {
		t.Errorf("xls as xlsx: %v %+v", err, res)
	}
	checkRefused(t, []refusal{
		{"xls as csv", book, "this is an .xls workbook, not csv", formats.CSV},
		{"text as xls", write("refs.txt", []byte("Title\tYear\nA\t2019\n")), "not an .xls workbook: it is text", formats.XLS},
		{"excel 95", write("old.xls", xlstest.Book{Sheets: sheet, Stream: "Book", Version: 0x0500}.Bytes()), "an Excel 5.0/95 (or older) workbook", ""},
		{"password", write("locked.xls", xlstest.Book{Sheets: sheet, Password: true}.Bytes()), "a password-protected workbook: remove the password in Excel and save it again", ""},
		{"damaged", write("damaged.xls", xlstest.Compound("Workbook", []byte("no BIFF records"))), "not a readable .xls workbook: its workbook stream is empty or cut short", ""},
		// Cut before its directory, a Compound File tells nothing of what
		// it holds.
		{"cut short", write("cut.xls", xlstest.Book{Sheets: sheet}.Bytes()[:1536]), "this is a Microsoft Office file", ""},
		{"doc", write("refs.doc", xlstest.Compound("WordDocument", nil)), "this is a Microsoft Office file (save it as CSV or text), not a text export", ""},
	})
}

// TestXLSNamedText: an .xls that is really tab-separated text (as some
// sites write it) is read as the text it is.
func TestXLSNamedText(t *testing.T) {
	text := writeIn(t, t.TempDir())("export.xls", []byte("Title\tYear\nA tab-separated record\t2019\n"))
	res, err := Import(context.Background(), mustCreate(t), []string{text}, Options{Source: "S", Kind: review.Database, By: "test"})
	if err != nil || res[0].Search.Format != "tsv" || res[0].Search.Records != 1 {
		t.Errorf("text named .xls: %v", err)
	}
}
