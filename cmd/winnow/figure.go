package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/figure/font"
	"github.com/winnow-review/winnow/internal/figure/raster"
	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review/export"
)

// figureFlags are where a command writes its figure: SVG, PNG, PDF, or
// any of them together.
type figureFlags struct {
	svg, png, pdf string
	dpi           float64
	outlines      bool
}

func (f *figureFlags) add(cmd *cobra.Command, what string) {
	cmd.Flags().StringVar(&f.svg, "svg", "", "write "+what+" as SVG to FILE")
	cmd.Flags().StringVar(&f.png, "png", "", "write "+what+" as PNG to FILE (with or instead of --svg)")
	cmd.Flags().StringVar(&f.pdf, "pdf", "", "write "+what+" as PDF to FILE (vectors, the font embedded)")
	cmd.Flags().Float64Var(&f.dpi, "dpi", 300, "with --png: the resolution, in dots per inch")
	cmd.Flags().BoolVar(&f.outlines, "text-outlines", false, "with --svg: draw the text as outlines, for viewers that ignore embedded fonts")
}

// on says whether a figure is asked for.
func (f *figureFlags) on() bool { return f.svg != "" || f.png != "" || f.pdf != "" }

func (f *figureFlags) check(cmd *cobra.Command) error {
	if f.outlines && f.svg == "" {
		return usageError{errors.New("--text-outlines goes with --svg")}
	}
	if cmd.Flags().Changed("dpi") && f.png == "" {
		return usageError{errors.New("--dpi goes with --png")}
	}
	if f.dpi < 72 || f.dpi > 1200 {
		return usageError{fmt.Errorf("--dpi %v: give 72 to 1200", f.dpi)}
	}
	for _, file := range []struct{ flag, name string }{{"svg", f.svg}, {"png", f.png}, {"pdf", f.pdf}} {
		if err := checkFileFlag(cmd, file.flag, file.name); err != nil {
			return err
		}
	}
	return nil
}

// checkFileFlag refuses a file to write with --flag (--svg, --png, --pdf,
// --csv: the format) whose name says another format (--svg flow.png), as
// export.ChooseFormat decides.
func checkFileFlag(cmd *cobra.Command, flag, file string) error {
	var ne *export.NameError
	if _, err := export.ChooseFormat(flag, file, export.FigureExtensions, flag); !errors.As(err, &ne) {
		return nil
	}
	msg := fmt.Sprintf("--%s %s, but the name ends in %s (%s): name the file .%s", flag, file, ne.Ext, strings.ToUpper(ne.Named), flag)
	if cmd.Flags().Lookup(ne.Named) != nil {
		msg += fmt.Sprintf(", or give --%s %s to write %s", ne.Named, file, strings.ToUpper(ne.Named))
	}
	return usageError{errors.New(msg)}
}

// write draws the figure to each file asked for, saying so on stderr
// ("wrote the evidence map to map.png"). A PNG is the figure with its
// text as outlines, rasterised, and a PDF the figure with its text as
// text, in vectors (package raster).
func (f *figureFlags) write(a *app, reviewPath, what string, draw func(io.Writer, font.Mode) error) error {
	if f.svg != "" {
		mode := font.Embedded
		if f.outlines {
			mode = font.Outlines
		}
		if err := writeFile(a, reviewPath, f.svg, "figure.svg", func(w io.Writer) error { return draw(w, mode) }); err != nil {
			return err
		}
		fmt.Fprintf(a.streams.Err, "wrote %s to %s\n", what, ui.Safe(f.svg))
	}
	if f.png != "" {
		var svg bytes.Buffer
		if err := draw(&svg, font.Outlines); err != nil {
			return err
		}
		if err := writeFile(a, reviewPath, f.png, "figure.png", func(w io.Writer) error {
			return raster.PNG(w, svg.Bytes(), raster.Options{DPI: f.dpi})
		}); err != nil {
			return err
		}
		fmt.Fprintf(a.streams.Err, "wrote %s to %s (%v dpi)\n", what, ui.Safe(f.png), f.dpi)
	}
	if f.pdf != "" {
		var svg bytes.Buffer
		if err := draw(&svg, font.Embedded); err != nil {
			return err
		}
		if err := writeFile(a, reviewPath, f.pdf, "figure.pdf", func(w io.Writer) error { return raster.PDF(w, svg.Bytes()) }); err != nil {
			return err
		}
		fmt.Fprintf(a.streams.Err, "wrote %s to %s\n", what, ui.Safe(f.pdf))
	}
	return nil
}
