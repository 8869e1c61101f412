package xls

import "testing"

// TestSerialDate: Excel's serial dates in both its date systems, and on
// both sides of the 29 February 1900 that Excel counts and never was.
func TestSerialDate(t *testing.T) {
	tests := []struct {
		v        float64
		date1904 bool
		want     string
	}{
		{43539, false, "2019-03-15 00:00"},
		{43539.75, false, "2019-03-15 18:00"},
		{61, false, "1900-03-01 00:00"},
		{59, false, "1900-02-28 00:00"},
		{1, false, "1900-01-01 00:00"},
		{42077, true, "2019-03-15 00:00"},
	}
	for _, tc := range tests {
		if got := serialDate(tc.v, tc.date1904).Format("2006-01-02 15:04"); got != tc.want {
			t.Errorf("serialDate(%v, %v) = %s, want %s", tc.v, tc.date1904, got, tc.want)
		}
	}
}

// TestRK: the four kinds of RK number.
func TestRK(t *testing.T) {
	tests := []struct {
		v    uint32
		want float64
	}{
		{2019<<2 | 2, 2019},
		{0xFFFFFFE6, -7}, // -7 << 2 | 2 in 32 bits
		{1234<<2 | 3, 12.34},
		{0x3FE00000, 0.5},
		{0x40934800 | 1, 12.34},
	}
	for _, tc := range tests {
		if got := rk(tc.v); got != tc.want {
			t.Errorf("rk(%#x) = %v, want %v", tc.v, got, tc.want)
		}
	}
}
