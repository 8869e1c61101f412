package formats

import (
	"testing"

	"github.com/winnow-review/winnow/review"
)

func TestDOI(t *testing.T) {
	tests := []struct{ in, want string }{
		{"10.1136/BMJ.n71", "10.1136/bmj.n71"},
		{"https://doi.org/10.1136/bmj.n71", "10.1136/bmj.n71"},
		{"doi:10.1136/bmj.n71.", "10.1136/bmj.n71"},
		{"DOI 10.1002/(SICI)1097-0258(19980430)17:8<857::AID-SIM777>3.0.CO;2-E", "10.1002/(sici)1097-0258(19980430)17:8<857::aid-sim777>3.0.co;2-e"},
		{"(doi: 10.1234/abc)", "10.1234/abc"},
		{"http://dx.doi.org/10.1016%2Fj.x.2020.01.001", "10.1016/j.x.2020.01.001"},
		{"no doi here", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := DOI(tt.in); got != tt.want {
			t.Errorf("DOI(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestYear(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"2019", 2019}, {"2019///", 2019}, {"2019/05/03", 2019}, {"Spring 2020", 2020},
		{"Start date: 20170812", 2017}, {"1998 Jan-Feb", 1998}, {"12345", 0}, {"", 0}, {"vol 12", 0},
	}
	for _, tt := range tests {
		if got := Year(tt.in); got != tt.want {
			t.Errorf("Year(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestISSN(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1234-5678", "1234-5678"},
		{"1234567X (Electronic)", "1234-567X"},
		{"0959-8138; 1756-1833", "0959-8138; 1756-1833"},
		{"978-1-4020-9632-7", ""},
		{"ISBN 9781402096327", ""},
		{"ISSN-1234-4567", "1234-4567"},
	}
	for _, tt := range tests {
		if got := ISSN(tt.in); got != tt.want {
			t.Errorf("ISSN(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseName(t *testing.T) {
	tests := []struct {
		in   string
		want review.Author
	}{
		{"Smith, John A.", review.Author{Family: "Smith", Given: "John A."}},
		{"Smith JA", review.Author{Family: "Smith", Given: "JA"}},
		{"van der Berg J", review.Author{Family: "van der Berg", Given: "J"}},
		{"Brownstein C D", review.Author{Family: "Brownstein", Given: "C D"}},
		{"John A. Smith", review.Author{Family: "Smith", Given: "John A."}},
		{"Ludwig van Beethoven", review.Author{Family: "van Beethoven", Given: "Ludwig"}},
		{"World Health Organization", review.Author{Family: "World Health Organization"}},
		{"Smith, Jr., John", review.Author{Family: "Smith", Given: "John, Jr."}},
		{"Plato", review.Author{Family: "Plato"}},
		{"Center MM", review.Author{Family: "Center", Given: "MM"}},
		{"Age UK", review.Author{Family: "Age UK"}},
		{"Cochrane Airways Group", review.Author{Family: "Cochrane Airways Group"}},
		{"Department of Health and Social Care", review.Author{Family: "Department of Health and Social Care"}},
	}
	for _, tt := range tests {
		if got := ParseName(tt.in); got != tt.want {
			t.Errorf("ParseName(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  a  b\n c\t", "a b c"},
		{"Müller\u00a0and\u2028Café", "Müller and Café"},
		{"already clean", "already clean"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := CleanText("  para one\n  continues\n\n\n para two "); got != "para one\ncontinues\n\npara two" {
		t.Errorf("CleanText: %q", got)
	}
}

func TestNotAvailable(t *testing.T) {
	for title, want := range map[string]bool{
		"[Not Available].":                    true,
		" [not available] ":                   true,
		"[Burial customs in the Bronze Age].": false,
		"Not available in stores":             false,
		"":                                    false,
	} {
		if got := NotAvailable(title); got != want {
			t.Errorf("NotAvailable(%q) = %v, want %v", title, got, want)
		}
	}
}

// TestStripMarkup: the inline tags real exports leave in titles go, their
// words stay, and a "<" that is text stays.
func TestStripMarkup(t *testing.T) {
	for in, want := range map[string]string{
		"The rise of feathered dinosaurs: <i>Kulindadromeus zabaikalicus</i>, the oldest": "The rise of feathered dinosaurs: Kulindadromeus zabaikalicus, the oldest",
		"H<sub>2</sub>O and CO<inf>2</inf> at 10<SUP>-3</SUP>":                            "H2O and CO2 at 10-3",
		"<jats:italic>In vitro</jats:italic> <jats:sc>dna</jats:sc>":                      "In vitro dna",
		`<span class="x">Tagged</span> <b >bold</b>`:                                      "Tagged bold",
		"Effect at p < 0.05 in children <5 years and <i>n</i> > 3":                        "Effect at p < 0.05 in children <5 years and n > 3",
		"An <inbox> is not a tag we know":                                                 "An <inbox> is not a tag we know",
		"A word <i> </i> alone":                                                           "A word alone",
		"No markup":                                                                       "No markup",
		// Lens: JATS paragraphs holding escaped HTML paragraphs.
		`<jats:title>Abstract</jats:title><jats:p>&lt;p dir="ltr"&gt;Objective&lt;/p&gt;&lt;p dir="ltr"&gt;To evaluate PM<sub>2.5</sub>. &lt;/p&gt;</jats:p>`: "Abstract\n\nObjective\n\nTo evaluate PM2.5.",
		"Hedge&#39;s <jats:italic>d</jats:italic> &amp; more, at p &lt; 0.05":                                                                                 "Hedge's d & more, at p < 0.05",
		"AT&T and R&D; stay, &copy too": "AT&T and R&D; stay, &copy too",
	} {
		if got := StripMarkup(in); got != want {
			t.Errorf("StripMarkup(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPIIArticleNumber(t *testing.T) {
	for pii, want := range map[string]string{
		"e42692": "e42692", "1042": "1042", "E478": "E478", "20200021": "20200021",
		"S0140-6736(20)30183-5": "", "EWLS": "", "": "", "e": "", "123456789": "",
	} {
		if got := PIIArticleNumber(pii); got != want {
			t.Errorf("PIIArticleNumber(%q) = %q, want %q", pii, got, want)
		}
	}
}
