package match

import (
	"testing"

	"github.com/winnow-review/winnow/review"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"lower-cases and drops punctuation", "Screening: a Review.", "screening a review"},
		{"removes accents", "Évaluation de l'hépatite à Besançon", "evaluation de lhepatite a besancon"},
		{"spells out letters NFKD leaves whole", "Østergaard, Łukasz, Ærø, Straße, Đoković", "ostergaard lukasz aero strasse dokovic"},
		{"splits ligatures", "ﬁnancial eﬀects", "financial effects"},
		{"turns dashes and quotes into spaces", "non–small‐cell “lung” cancer—a ‘trial’", "non small cell lung cancer a trial"},
		{"joins words an apostrophe splits", "Langenbeck's and Langenbeck’s", "langenbecks and langenbecks"},
		{"names Greek letters", "TGF-β1 and α-synuclein", "tgf beta1 and alpha synuclein"},
		{"keeps a letter lost to a wrong encoding inside its word", "multic?ntrico and Mu\uFFFDoz", "multicntrico and muoz"},
		{"keeps a question mark between words a separator", "Why? Because", "why because"},
		{"keeps other scripts", "Влияние 治疗", "влияние 治疗"},
		{"gives nothing for punctuation alone", " -- . ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fold(tt.in); got != tt.want {
				t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormTitle(t *testing.T) {
	tests := []struct {
		name, in, want string
		flags          Flag
		part           uint8
	}{
		{"folds case and the trailing full stop", "Screening for Cervical Cancer.", "screening for cervical cancer", 0, 0},
		{"removes HTML tags but keeps their text", "Exenatide inhibits the K<inf>Ca</inf>3.1 channels in ApoE<sup>-/-</sup> mice", "exenatide inhibits the kca3 1 channels in apoe mice", 0, 0},
		{"decodes HTML entities", "HRM theory &amp; practice", "hrm theory practice", 0, 0},
		{"decodes LaTeX accents and braces", `{\"U}ber die {G}r\"o{\ss}e von \'{e}tudes`, "uber die grosse von etudes", 0, 0},
		{"unwraps a translated title in brackets", "[Fibrin glue in pleural effusions. A randomized study].", "fibrin glue in pleural effusions a randomized study", 0, 0},
		{"drops MEDLINE's review and reference notes", "The current status of HPV DNA testing. [Review] [57 refs]", "the current status of hpv dna testing", 0, 0},
		{"drops a language note after a translated title", "[Thrombotic purpura in children]. [Polish]", "thrombotic purpura in children", 0, 0},
		{"drops an erratum note without flagging the article", "Dynamics of HPV16 DNA load.[Erratum appears in J Clin Virol. 2006 Oct;37(2):137]", "dynamics of hpv16 dna load", 0, 0},
		{"drops an erratum note cut off by a field limit", "Report of trial 9806.[Erratu", "report of trial 9806", 0, 0},
		{"drops Embase's original-language title", "Antibiotic prophylaxis in thoracic surgery. <ORIGINAL> PROPHYLAXIE ANTIBIOTIQUE", "antibiotic prophylaxis in thoracic surgery", 0, 0},
		{"drops a provisional-abstract note", "HPV testing after treatment of CIN 3: a meta-analysis (Provisional abstract)", "hpv testing after treatment of cin 3 a meta analysis", 0, 0},
		{"drops a parenthesis left open by a cut", "Severe deficiency of ADAMTS 13 in children (The Journal of Pediatrics (M", "severe deficiency of adamts 13 in children", 0, 0},
		{"keeps a bracket that is part of the title", "Working in the platform economy [Arbeiten in der Plattformökonomie]", "working in the platform economy arbeiten in der plattformokonomie", 0, 0},
		{"flags an erratum by its first word", "Erratum: Gain-of-function mutations in factor B", "gain of function mutations in factor b", Erratum, 0},
		{"flags a correction to an article", "Correction to: How do requirements evolve?", "how do requirements evolve", Erratum, 0},
		{"flags Web of Science's erratum marker", "Eculizumab for Atypical HUS (vol 360, pg 542, 2009)", "eculizumab for atypical hus", Erratum, 0},
		{"flags Embase's erratum citation", "Eculizumab for aHUS (New England Journal of Medicine (2009) 360 (542-544))", "eculizumab for ahus", Erratum, 0},
		{"does not flag a title that starts with the word correction", "Correction of scoliosis in adults", "correction of scoliosis in adults", 0, 0},
		{"flags a retraction notice", "Retraction notice to: Effects of X on Y", "effects of x on y", Retraction, 0},
		{"keeps a retracted article as the article", "RETRACTED: Effects of X on Y", "effects of x on y", 0, 0},
		{"flags a comment", "Comment on: Effects of X on Y", "effects of x on y", Comment, 0},
		{"flags a reply by its last words", "Thrombomodulin in atypical HUS AUTHORS REPLY", "thrombomodulin in atypical hus", Comment, 0},
		{"flags a reply after a dash", "Atypical HUS associated with streptococcus - Reply", "atypical hus associated with streptococcus", Comment, 0},
		{"does not flag a title ending in response", "Predictors of time to treatment response", "predictors of time to treatment response", 0, 0},
		{"reads a companion paper's part in roman numerals", "Linomide in MS: Part II: MRI results", "linomide in ms part ii mri results", 0, 2},
		{"reads a companion paper's part in digits", "Grounded theory, part 1", "grounded theory part 1", 0, 1},
		{"reads a companion paper's part in words", "Pleural disease: part two", "pleural disease part two", 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, flags, part := normTitle(tt.in)
			if got != tt.want || flags != tt.flags || part != tt.part {
				t.Errorf("normTitle(%q) = %q, %v, part %d; want %q, %v, part %d", tt.in, got, flags, part, tt.want, tt.flags, tt.part)
			}
		})
	}
}

func TestVenue(t *testing.T) {
	tests := []struct {
		name, a, b string
		want       venueMatch
	}{
		{"matches equal names whatever their case and stop words", "Journal of the American Geriatrics Society", "journal american geriatrics society", venueSame},
		{"matches an ISO abbreviation", "N Engl J Med", "The New England Journal of Medicine", venueCompatible},
		{"matches an abbreviation with dropped letters", "Proc Natl Acad Sci U S A", "Proceedings of the National Academy of Sciences of the United States of America", venueCompatible},
		{"matches an abbreviation written without spaces", "Jthoraccardiovascsurg", "The Journal of thoracic and cardiovascular surgery", venueCompatible},
		{"matches an acronym", "BJOG", "British Journal of Obstetrics and Gynaecology", venueCompatible},
		{"cuts a subtitle after a colon", "Journal of Clinical Oncology : official journal of the American Society of Clinical Oncology", "J Clin Oncol", venueCompatible},
		{"cuts a parallel title glued on with a full stop", "International journal of cancer.Journal international du cancer", "International Journal of Cancer", venueSame},
		{"cuts a place in parentheses", "Medizinische Klinik (Munich, Germany : 1983)", "Medizinische Klinik", venueSame},
		{"matches a name that goes on past the other", "Nephron", "Nephron - Clinical Practice", venueCompatible},
		{"tells two journals apart", "Molecular Immunology", "Pediatric Nephrology", venueDiffer},
		{"does not let two short words match any journal", "J Med", "Journal of Clinical Medicine", venueDiffer},
		{"knows nothing when a name is missing", "", "Pediatric Nephrology", venueUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := normVenue(tt.a)
			b, _ := normVenue(tt.b)
			if got := compareVenue(a, b); got != tt.want {
				t.Errorf("compareVenue(%q, %q) = %d, want %d", a, b, got, tt.want)
			}
		})
	}
	if _, conf := normVenue("Amcis 2017 Proceedings"); !conf {
		t.Error("AMCIS proceedings are not seen as a conference")
	}
}

func TestCitationFields(t *testing.T) {
	pageTests := []struct {
		name, in    string
		first, last uint32
	}{
		{"reads a plain range", "1038-1044", 1038, 1044},
		{"writes out a short end page", "2267-75", 2267, 2275},
		{"drops a supplement letter", "S212-S216", 212, 216},
		{"reads a single page", "e12724", 12724, 0},
		{"reads the first of several ranges", "617-20; discussion 620-1", 617, 620},
		{"ignores a date written as pages", "01-Sep", 0, 0},
		{"ignores words", "Suppl-6", 0, 0},
	}
	for _, tt := range pageTests {
		t.Run("pages "+tt.name, func(t *testing.T) {
			if first, last := pages(tt.in); first != tt.first || last != tt.last {
				t.Errorf("pages(%q) = %d, %d; want %d, %d", tt.in, first, last, tt.first, tt.last)
			}
		})
	}
	volumeTests := []struct {
		name, in string
		want     uint32
	}{
		{"reads the number before a note", "9 (1) (no pagination)", 9},
		{"reads a year used as volume", "2015-April", 2015},
		{"ignores the rest of a split supplement", "1)", 0},
		{"ignores a supplement without a number first", "Suppl 2", 0},
	}
	for _, tt := range volumeTests {
		t.Run("volume "+tt.name, func(t *testing.T) {
			if got := volumeNumber(tt.in); got != tt.want {
				t.Errorf("volumeNumber(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
	doiTests := []struct {
		name, in, want string
	}{
		{"strips a resolver and lower-cases", "http://dx.doi.org/10.1186/S13098-017-0289-Y", "10.1186/s13098-017-0289-y"},
		{"decodes a DOI copied from a URL", "10.1016/s0025-7753%2817%2930624-3", "10.1016/s0025-7753(17)30624-3"},
		{"gives nothing for text without a DOI", "n/a", ""},
	}
	for _, tt := range doiTests {
		t.Run("doi "+tt.name, func(t *testing.T) {
			if got := normDOI(tt.in); got != tt.want {
				t.Errorf("normDOI(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAuthors(t *testing.T) {
	key := func(names ...string) Key {
		var r review.Record
		for i := 0; i+1 < len(names); i += 2 {
			r.Authors = append(r.Authors, review.Author{Family: names[i], Given: names[i+1]})
		}
		return KeyOf(&r, 1)
	}
	tests := []struct {
		name    string
		a, b    Key
		first   int8
		overlap float64
	}{
		{"matches names whatever their accents", key("Nürnberger", "Jens", "Philipp", "T"), key("Nurnberger", "J.", "Philipp", "T."), 1, 1},
		{"drops particles", key("van der Berg", "J"), key("Berg", "J. van der"), 1, 1},
		{"matches a name split differently", key("Goicoechea de", "Jorge E."), key("de Jorge", "E. G."), 1, 1},
		{"matches a name a wrong encoding cut short", key("Cobano lu", "U"), key("Cobanoglu", "Ufuk"), 1, 1},
		{"leaves group authors out", key("ASCUS-LSIL Triage Study Group", "", "Walker", "J"), key("Walker", "J"), 0, 1},
		{"tells different first authors apart", key("Rosa", "U"), key("Bouros", "D"), -1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, overlap := compareAuthors(&tt.a, &tt.b)
			if first != tt.first || overlap != tt.overlap {
				t.Errorf("compareAuthors(%q, %q) = %d, %.2f; want %d, %.2f", tt.a.Authors, tt.b.Authors, first, overlap, tt.first, tt.overlap)
			}
		})
	}
}
