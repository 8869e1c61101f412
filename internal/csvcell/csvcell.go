// Package csvcell keeps text written to a CSV file from being read as a
// formula by a spreadsheet. Every CSV winnow writes (exports, charting,
// tables with --format csv) passes its text cells through Neutralise.
package csvcell

// Neutralise keeps a cell from being read as a formula by a spreadsheet:
// a cell starting with =, +, -, @, a tab or a carriage return gets a
// leading apostrophe, as OWASP's advice on CSV injection says. The
// apostrophe shows in the cell; what follows it is the text as it was.
func Neutralise(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}
