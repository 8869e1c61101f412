package formats

import (
	"reflect"
	"testing"
)

// TestDatabases checks which export files are read as one database's
// search and which as a library of several, on the labels real exports
// write (../shared/corpus/exports: Ovid's segments, Embase.com's
// Embase and Medline, EndNote's joined lines).
func TestDatabases(t *testing.T) {
	tests := []struct {
		name   string
		labels []string
		want   []string
	}{
		{"one database's export", []string{"Ovid MEDLINE(R)", "Ovid MEDLINE(R)", ""}, []string{"ovid medline"}},
		{"case and punctuation", []string{"Embase", "EMBASE."}, []string{"embase"}},
		{"no labels", nil, []string{}},
		{"Ovid's segments and years", []string{"Ovid MEDLINE(R) <2022>", "Ovid MEDLINE(R) <2023 to 2024>", "Ovid MEDLINE(R) Epub Ahead of Print",
			"Ovid MEDLINE(R) In-Process & Other Non-Indexed Citations", "Ovid MEDLINE(R) ALL <1946 to June 03, 2024>"}, []string{"ovid medline"}},
		{"Ovid's coverage ranges", []string{"ERIC <1992 to June 2024>", "ERIC", "APA PsycInfo <2020>", "APA PsycInfo"}, []string{"apa psycinfo", "eric"}},
		{"Embase.com's Medline records", []string{"Medline", "Embase", "Medline", "Embase Medline"}, []string{"embase"}},
		{"a MEDLINE search and an Embase one from Ovid", []string{"Ovid MEDLINE(R)", "Embase <1974 to 2024 June 03>"}, []string{"embase", "ovid medline"}},
		{"PubMed and Scopus", []string{"NLM", "Scopus", "Scopus"}, []string{"nlm", "scopus"}},
		{"a MEDLINE search and a CINAHL one", []string{"MEDLINE", "CINAHL"}, []string{"cinahl", "medline"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Databases(tt.labels); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Databases(%q) = %q, want %q", tt.labels, got, tt.want)
			}
		})
	}
}
