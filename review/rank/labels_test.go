package rank

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestReadLabels(t *testing.T) {
	in := "\ufeffrecord_id,title,abstract,keywords,year,label_included\n" +
		"1,Integrated care,\"An abstract, with a comma\nand a line break\",care; older people,2020,1\n" +
		"2,Fracture,,,2019,0\n" +
		"3,\"Quoted \"\"title\"\"\",Text,,2018,0\n"
	docs, labels, err := ReadLabels(strings.NewReader(in), "")
	if err != nil {
		t.Fatal(err)
	}
	want := []Doc{
		{1, "Integrated care An abstract, with a comma\nand a line break care; older people"},
		{2, "Fracture"},
		{3, `Quoted "title" Text`},
	}
	if !slices.Equal(docs, want) {
		t.Errorf("docs %+v, want %+v", docs, want)
	}
	if !labels[1] || labels[2] || labels[3] || len(labels) != 3 {
		t.Errorf("labels %v", labels)
	}
}

func TestReadLabelsOtherColumn(t *testing.T) {
	in := "record_id,title,abstract,label_included,label_abstract_included\n1,a,b,0,1\n2,c,d,0,0\n"
	_, labels, err := ReadLabels(strings.NewReader(in), "label_abstract_included")
	if err != nil {
		t.Fatal(err)
	}
	if !labels[1] || labels[2] {
		t.Errorf("labels %v: want the abstract decision", labels)
	}
}

func TestReadLabelsErrorsNameTheLine(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		line     int
		msg      string
	}{
		{"an empty file", "", 1, "empty file"},
		{"no label column", "record_id,title,abstract\n1,a,b\n", 1, "no label_included column"},
		{"no records", "record_id,title,abstract,label_included\n", 1, "no records"},
		{"a label that is not 0 or 1", "record_id,title,abstract,label_included\n1,a,b,1\n2,c,d,maybe\n", 3, `label_included is "maybe", want 0 or 1`},
		{"a label left empty", "record_id,title,abstract,label_included\n1,a,b,1\n2,c,d,\n", 3, `label_included is "": no decision`},
		{"ASReview's unlabelled -1", "record_id,title,abstract,label_included\n1,a,b,-1\n", 2, "no decision"},
		{"no title column", "record_id,name,abstract,label_included\n1,a,b,1\n", 1, "no title column (have record_id, name, abstract, label_included)"},
		{"an id that is not a number", "record_id,title,abstract,label_included\nx1,a,b,1\n", 2, `record_id "x1" is not a whole number`},
		{"an id twice", "record_id,title,abstract,label_included\n1,a,b,1\n1,c,d,0\n", 3, "record_id 1 again (first on line 2)"},
		{"a record after a multi-line field", "record_id,title,abstract,label_included\n1,a,\"b\nb\",1\n2,c,d,2\n", 4, "want 0 or 1"},
		{"a bare quote", "record_id,title,abstract,label_included\n1,a,b\"c,1\n", 2, "bare"},
		{"a short row", "record_id,title,abstract,label_included\n1,a,b\n", 2, "wrong number of fields"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := ReadLabels(strings.NewReader(tc.in), DefaultLabel)
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("err %v is not a *LineError", err)
			}
			if le.Line != tc.line || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err %q (line %d), want line %d and %q", err, le.Line, tc.line, tc.msg)
			}
		})
	}
}

func TestReduce(t *testing.T) {
	recs := []Labelled{
		{ID: 1, Abstract: "same text", Included: false},
		{ID: 2, Abstract: "", Included: true},
		{ID: 3, Abstract: "same text", Included: true},
		{ID: 4, Abstract: "  ", Included: false},
		{ID: 5, Abstract: "other", Included: true},
		{ID: 6, Abstract: "Same Text ", Included: true},
	}
	var ids []int64
	for _, r := range Reduce(recs) {
		ids = append(ids, r.ID)
	}
	if !slices.Equal(ids, []int64{1, 5}) {
		t.Errorf("kept %v, want 1 and 5 (empty abstracts and the later repeats, in any case, dropped)", ids)
	}
}

// A finished review as ASReview and the spreadsheets of other tools write
// it: ASReview's column names, labels as words, no record_id, semicolons
// or tabs between cells.
func TestReadFinishedAsOthersWriteIt(t *testing.T) {
	for _, tc := range []struct {
		name, in, label string
		column          string
		numbered        bool
		ids             []int64
		included        []bool
		titles          []string
	}{
		{"ASReview's names, no record_id", "primary_title,notes_abstract,included\nA,x,1\nB,y,0\nC,z,1.0\n", "",
			"included", true, []int64{1, 2, 3}, []bool{true, false, true}, []string{"A", "B", "C"}},
		{"final_included as words, semicolons", "Record_ID;Title;Abstract;Final_Included\n7;A;x, with a comma;Yes\n9;B;y;no\n", "",
			"Final_Included", false, []int64{7, 9}, []bool{true, false}, []string{"A", "B"}},
		{"FASTREAD's names, tabs", "Document Title\tAbstract\tlabel\nA\tx\tyes\nB\ty\tno\n", "",
			"label", true, []int64{1, 2}, []bool{true, false}, []string{"A", "B"}},
		{"label_included before included", "title,abstract,included,label_included\nA,x,0,1\n", "",
			"label_included", true, []int64{1}, []bool{true}, []string{"A"}},
		{"a named column only", "title,abstract,included,label_abstract_included\nA,x,0,TRUE\nB,y,1,excluded\n", "label_abstract_included",
			"label_abstract_included", true, []int64{1, 2}, []bool{true, false}, []string{"A", "B"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ReadFinished(strings.NewReader(tc.in), tc.label)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			var inc []bool
			var titles []string
			for _, r := range f.Records {
				ids, inc, titles = append(ids, r.ID), append(inc, r.Included), append(titles, r.Title)
			}
			if f.LabelColumn != tc.column || f.Numbered != tc.numbered || !slices.Equal(ids, tc.ids) ||
				!slices.Equal(inc, tc.included) || !slices.Equal(titles, tc.titles) {
				t.Errorf("got column %q numbered %v ids %v included %v titles %q", f.LabelColumn, f.Numbered, ids, inc, titles)
			}
		})
	}
	_, err := ReadFinished(strings.NewReader("title,abstract,decision\nA,x,1\n"), "")
	if err == nil || !strings.Contains(err.Error(), "no label column: want one of label_included, included,") || !errors.Is(err, ErrNoLabelColumn) {
		t.Errorf("no label column: %v", err)
	}
}
