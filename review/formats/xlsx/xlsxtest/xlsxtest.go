// Package xlsxtest writes small .xlsx workbooks for tests: through
// excelize, as Excel and most tools write them, or from the raw XML of a
// sheet, for the cells other writers produce (numbers written as
// "2019.0", inline strings, rich-text runs, formulas with cached values).
package xlsxtest

import (
	"archive/zip"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Sheet is one sheet to write: its name and rows; a cell is a string, a
// number (int, float64) or a Cell.
type Sheet struct {
	Name   string
	Rows   [][]any
	Hidden []int // rows (1-based) hidden
	Merge  []string
	// HideSheet hides the sheet itself.
	HideSheet bool
}

// Cell is a cell with a number format (e.g. 14, Excel's short date) or a
// formula.
type Cell struct {
	Value   any
	NumFmt  int
	Formula string
}

// Write writes sheets to path with excelize.
func Write(t testing.TB, path string, sheets ...Sheet) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.Name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.Name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.Rows {
			for c, v := range row {
				axis, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if cell, ok := v.(Cell); ok {
					if cell.Formula != "" {
						must(t, f.SetCellFormula(s.Name, axis, cell.Formula))
					}
					if cell.Value != nil {
						must(t, f.SetCellValue(s.Name, axis, cell.Value))
					}
					if cell.NumFmt != 0 {
						style, err := f.NewStyle(&excelize.Style{NumFmt: cell.NumFmt})
						must(t, err)
						must(t, f.SetCellStyle(s.Name, axis, axis, style))
					}
					continue
				}
				must(t, f.SetCellValue(s.Name, axis, v))
			}
		}
		for _, r := range s.Hidden {
			must(t, f.SetRowVisible(s.Name, r, false))
		}
		for _, m := range s.Merge {
			a, b, _ := strings.Cut(m, ":")
			must(t, f.MergeCell(s.Name, a, b))
		}
		if s.HideSheet {
			must(t, f.SetSheetVisible(s.Name, false))
		}
	}
	out, err := os.Create(path)
	must(t, err)
	_, err = f.WriteTo(out)
	must(t, err)
	must(t, out.Close())
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// WriteRaw writes a workbook of one sheet named name whose <sheetData>
// holds sheetData as given, with the shared strings sst (each an <si>
// element's content). styles, when set, is the whole xl/styles.xml;
// dimension, when given, the sheet's dimension ("A1:H50001"), which Excel
// writes and excelize leaves at "A1".
func WriteRaw(t testing.TB, path, name, sheetData string, sst []string, styles string, dimension ...string) {
	t.Helper()
	out, err := os.Create(path)
	must(t, err)
	defer out.Close()
	z := zip.NewWriter(out)
	put := func(n, body string) {
		w, err := z.Create(n)
		must(t, err)
		_, err = w.Write([]byte(body))
		must(t, err)
	}
	ct := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`
	if styles != "" {
		ct += `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`
	}
	put("[Content_Types].xml", ct+`</Types>`)
	put("_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	put("xl/workbook.xml", fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="%s" sheetId="1" r:id="rId1"/></sheets></workbook>`, name))
	rels := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`
	if styles != "" {
		rels += `<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`
	}
	put("xl/_rels/workbook.xml.rels", rels+`</Relationships>`)
	dim := ""
	if len(dimension) > 0 {
		dim = `<dimension ref="` + dimension[0] + `"/>`
	}
	put("xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`+dim+`<sheetData>`+sheetData+`</sheetData></worksheet>`)
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(sst), len(sst))
	for _, s := range sst {
		b.WriteString("<si>" + s + "</si>")
	}
	put("xl/sharedStrings.xml", b.String()+"</sst>")
	if styles != "" {
		put("xl/styles.xml", styles)
	}
	must(t, z.Close())
}
