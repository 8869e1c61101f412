package rank

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestWriteCurveSVG(t *testing.T) {
	docs, labels := topicDocs(300, 2)
	o := DefaultSimOptions()
	o.Seeds = 2
	s, err := Simulate(docs, labels, o)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteCurveSVG(&buf, s, CurveOptions{Title: "Nudging <& friends>"}); err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(&buf)
	lines, texts := 0, []string{}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if el.Name.Local == "polyline" {
				lines++
			}
		case xml.CharData:
			if s := strings.TrimSpace(string(el)); s != "" {
				texts = append(texts, s)
			}
		}
	}
	if lines != 2 {
		t.Errorf("%d polylines, want the prioritised and the random curve", lines)
	}
	all := strings.Join(texts, "|")
	for _, want := range []string{"Nudging <& friends>", "298 records, 29 inclusions", "95% recall after", "prioritised", "random order", "records screened"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in the chart's text: %s", want, all)
		}
	}
}

func TestTicks(t *testing.T) {
	for n, want := range map[int]string{8894: "0 2000 4000 6000 8000", 10: "0 2 4 6 8 10", 1657: "0 500 1000 1500", 1: "0 1"} {
		var got []string
		for _, v := range ticks(n) {
			got = append(got, thousands(v))
		}
		if g := strings.ReplaceAll(strings.Join(got, " "), ",", ""); g != want {
			t.Errorf("ticks(%d) = %s, want %s", n, g, want)
		}
	}
}
