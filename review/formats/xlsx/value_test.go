package xlsx

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestValue: what a cell reads as, from its stored value and the text
// Excel shows for it under its number format.
func TestValue(t *testing.T) {
	tests := []struct{ raw, shown, want string }{
		{"Title text", "Title text", "Title text"},
		{"2019.0", "2019", "2019"},              // a float written by pandas
		{"1.2345678E7", "12345678", "12345678"}, // a PMID in scientific notation
		{"12345678", "12,345,678", "12345678"},  // #,##0
		{"12345678", "1.23E+07", "12345678"},    // 0.00E+00
		{"2019", "2019.00", "2019"},             // 0.00
		{"43539", "03-15-19", "2019-03-15"},     // mm-dd-yy
		{"43539", "15/03/2019", "2019-03-15"},   // dd/mm/yyyy
		{"43539", "Mar-19", "2019-03-15"},       // mmm-yy
		{"43539", "2019", "2019-03-15"},         // yyyy: the date is kept whole
		{"43539.5", "2019-03-15 12:00", "2019-03-15 12:00"},
		{"2019", "1905-07-11", "2019"}, // a year formatted as a date
		{"2019", "07-11-05", "2019"},
		{"0.5", "50%", "0.5"},
		{"1", "TRUE", "TRUE"},
		{"0", "FALSE", "FALSE"},
		{"12345", "12345.00", "12345"},
		{"123456789012345678", "1.23456789012346E+17", "1.23456789012346E+17"},
		{"", "", ""},
	}
	for _, tc := range tests {
		if got := value(tc.raw, tc.shown, false); got != tc.want {
			t.Errorf("value(%q, %q) = %q, want %q", tc.raw, tc.shown, got, tc.want)
		}
	}
}

// FuzzValue: any pair of stored and shown text gives a value without a
// panic; text that is no number reads as stored.
func FuzzValue(f *testing.F) {
	for _, s := range [][2]string{{"2019.0", "2019"}, {"43539", "Mar-19"}, {"2019", "1905-07-11"}, {"abc", "abc"}, {"1e308", "1E+308"}, {"-5", "(5)"}, {"NaN", "x"}, {"Inf", "y"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, raw, shown string) {
		got := value(raw, shown, false)
		v, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
		if (err != nil || math.IsNaN(v) || math.IsInf(v, 0)) && raw != "" && raw != shown && got != raw {
			t.Errorf("value(%q, %q) = %q: text reads as stored", raw, shown, got)
		}
	})
}
