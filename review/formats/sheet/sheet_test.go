package sheet

import (
	"testing"
	"time"
)

// TestNumber: a number reads in its shortest form; a whole number of up
// to 16 digits (Web of Science's article numbers) in full; any other
// past 15 significant digits as Excel shows it.
func TestNumber(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{2019, "2019"},
		{12345678, "12345678"},
		{0.5, "0.5"},
		{-7, "-7"},
		{1e-7, "0.0000001"},
		{2158244017722582, "2158244017722582"},
		{9636625211051964, "9636625211051964"},
		{123456789012345678, "1.23456789012346E+17"},
		{0.1 + 0.2, "0.3"},
	}
	for _, tc := range tests {
		if got := Number(tc.v); got != tc.want {
			t.Errorf("Number(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

// TestDate: a date reads as an ISO date, with its time when it has one;
// a year under a date format reads as the year.
func TestDate(t *testing.T) {
	day := time.Date(2019, 3, 15, 0, 0, 0, 0, time.UTC)
	if got := Date(43539, day); got != "2019-03-15" {
		t.Errorf("date %q", got)
	}
	if got := Date(43539.5, day.Add(12*time.Hour)); got != "2019-03-15 12:00" {
		t.Errorf("date and time %q", got)
	}
	if got := Date(2019, time.Date(1905, 7, 11, 0, 0, 0, 0, time.UTC)); got != "2019" {
		t.Errorf("year %q", got)
	}
}
