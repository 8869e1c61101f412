package report

import (
	_ "embed"
	"fmt"
	"html"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/winnow-review/winnow/charting"
	"github.com/winnow-review/winnow/prisma"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/rank"
)

//go:embed report.html.tmpl
var pageTemplate string

// page is parsed once: its functions are pure.
var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"n":       number,
	"pct":     percent,
	"share":   share,
	"str":     str,
	"ptr":     pointer,
	"stage":   func(s review.Stage) string { return string(s) },
	"kind":    func(k review.Kind) string { return string(k) },
	"combo":   charting.CombinationLabel,
	"date":    func(r *Report) string { return r.Generated.Format("2 January 2006, 15:04 MST") },
	"n1":      func(src, path string, x float64) template.HTML { return cell(src, path, fixed(x, 1), 1) },
	"args":    func(src, key, name string, f rank.Figures) figuresRow { return figuresRow{src, key, name, f} },
	"reasons": func(f *prisma.Flow) bool { return len(f.DbrExcludedReasons)+len(f.OtherExcludedReasons) > 0 },
}).Parse(pageTemplate))

// figuresRow is one row of the simulation's table.
type figuresRow struct {
	Src, Key, Name string
	F              rank.Figures
}

// WriteHTML writes the report as one HTML file that needs nothing else:
// its style and figures are inside it (each figure with a subset of its
// font), it runs no script and fetches nothing, and it prints to PDF
// through a browser's print with a page break before each part. Every
// text taken from the review is escaped by html/template.
func WriteHTML(w io.Writer, r *Report) error {
	return page.Execute(w, r)
}

// A number of the report carries where it comes from: the winnow
// command whose --json prints it and its place there as a JSON Pointer,
// in data-src ("prisma --json#/records_screened"), and how the JSON value
// is scaled for display (data-scale, when not 1).
func cell(src, path, text string, scale float64) template.HTML {
	var b strings.Builder
	b.WriteString(`<span class="num" data-src="`)
	b.WriteString(html.EscapeString(src + "#" + path))
	b.WriteString(`"`)
	if scale != 1 {
		b.WriteString(` data-scale="` + strconv.FormatFloat(scale, 'g', -1, 64) + `"`)
	}
	b.WriteString(`>` + html.EscapeString(text) + `</span>`)
	return template.HTML(b.String()) //nolint:gosec // escaped above
}

// number shows a count (int) or a statistic (float64, *float64: three
// places; nil, undefined, as a dash).
func number(src, path string, v any) template.HTML {
	switch x := v.(type) {
	case int:
		return cell(src, path, strconv.Itoa(x), 1)
	case int64:
		return cell(src, path, strconv.FormatInt(x, 10), 1)
	case float64:
		return cell(src, path, fixed(x, 3), 1)
	case *float64:
		if x == nil {
			return cell(src, path, "–", 1)
		}
		return cell(src, path, fixed(*x, 3), 1)
	case *int:
		if x == nil {
			return cell(src, path, "–", 1)
		}
		return cell(src, path, strconv.Itoa(*x), 1)
	}
	panic(fmt.Sprintf("report: no number of type %T", v))
}

// fixed writes x to places decimals; a value that is not a number
// (a figure with no inclusions) as a dash.
func fixed(x float64, places int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	return strconv.FormatFloat(x, 'f', places, 64)
}

// percent shows a percentage from 0 to 100 as a paper does: whole.
func percent(src, path string, p float64) template.HTML {
	return cell(src, path, fixed(p, 0)+"%", 1)
}

// share shows a fraction as a percentage to one place.
func share(src, path string, v any) template.HTML {
	switch x := v.(type) {
	case float64:
		return cell(src, path, fixed(100*x, 1)+"%", 100)
	case *float64:
		if x == nil {
			return cell(src, path, "–", 100)
		}
		return cell(src, path, fixed(100**x, 1)+"%", 100)
	}
	panic(fmt.Sprintf("report: no share of type %T", v))
}

// str shows a text of the review, with where it comes from.
func str(src, path, text string) template.HTML {
	return template.HTML(`<span class="txt" data-src="` + html.EscapeString(src+"#"+path) + `">` + html.EscapeString(text) + `</span>`) //nolint:gosec // escaped
}

// pointer makes a JSON Pointer from its steps: "/pairs/0/kappa".
func pointer(steps ...any) string {
	var b strings.Builder
	for _, s := range steps {
		b.WriteByte('/')
		switch x := s.(type) {
		case string:
			b.WriteString(prisma.Pointer(x))
		default:
			fmt.Fprint(&b, x)
		}
	}
	return b.String()
}
