package classify

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// An invented file in the layout of Reuters-21578 (not corpus text).
const sampleSGML = `<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="1" NEWID="1">
<DATE> 2-MAR-1987 10:00:00.00</DATE>
<TOPICS><D>grain</D><D>wheat</D></TOPICS>
<PLACES><D>usa</D></PLACES>
<TEXT>&#2;
<TITLE>FARMERS &lt;ACME> PLANT MORE WHEAT</TITLE>
<DATELINE>    DES MOINES, March 2 - </DATELINE><BODY>Farmers &amp; co-ops planted more wheat, officials said.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" LEWISSPLIT="TEST" CGISPLIT="TRAINING-SET" OLDID="2" NEWID="2">
<TOPICS></TOPICS>
<TEXT TYPE="BRIEF">&#2;
<TITLE>BRIEF ITEM ONLY</TITLE>
</TEXT>
</REUTERS>
<REUTERS TOPICS="YES" LEWISSPLIT="TEST" CGISPLIT="TRAINING-SET" OLDID="3" NEWID="3">
<TOPICS><D>wheat</D></TOPICS>
<TEXT TYPE="UNPROC">&#2;
 unstructured wheat copy &#31; here
</TEXT>
</REUTERS>
<REUTERS TOPICS="YES" LEWISSPLIT="NOT-USED" CGISPLIT="TRAINING-SET" OLDID="4" NEWID="4">
<TOPICS><D>gold</D></TOPICS>
<TEXT><TITLE>GOLD</TITLE><BODY>gold</BODY></TEXT>
</REUTERS>
`

func TestLoadModApteSample(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(sampleSGML))
	zw.Close()
	if err := os.WriteFile(filepath.Join(dir, "reut2-000.sgm.gz"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	train, test, cats, err := LoadModApte(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(train) != 1 || len(test) != 1 {
		t.Fatalf("%d train, %d test documents, want 1 and 1", len(train), len(test))
	}
	if !reflect.DeepEqual(cats, []string{"wheat"}) {
		t.Errorf("categories %v, want [wheat] (grain has no test story)", cats)
	}

	// The same file plain, as the corpus is distributed, reads the same,
	// and a folder holding both ways reads each file once.
	plain := t.TempDir()
	if err := os.WriteFile(filepath.Join(plain, "reut2-000.sgm"), []byte(sampleSGML), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{plain, dir} {
		if d == dir {
			os.WriteFile(filepath.Join(dir, "reut2-000.sgm"), []byte(sampleSGML), 0o644)
		}
		ptrain, ptest, pcats, err := LoadModApte(d)
		if err != nil || !reflect.DeepEqual(ptrain, train) || !reflect.DeepEqual(ptest, test) || !reflect.DeepEqual(pcats, cats) {
			t.Errorf("%s: %d train, %d test, %v, %v; want what the gzipped file gave", d, len(ptrain), len(ptest), pcats, err)
		}
	}
	os.Remove(filepath.Join(dir, "reut2-000.sgm"))

	if _, _, _, err := LoadModApte(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no reut2-*.sgm or reut2-*.sgm.gz") {
		t.Errorf("empty folder: error %v", err)
	}
	os.WriteFile(filepath.Join(dir, "reut2-001.sgm.gz"), []byte("not gzip"), 0o644)
	if _, _, _, err := LoadModApte(dir); err == nil || !strings.Contains(err.Error(), "reut2-001.sgm.gz") {
		t.Errorf("bad gzip: error %v, want one naming the file", err)
	}
}

// TestModApte trains and evaluates on the real collection, in both
// settings that RunEval reports.
func TestModApte(t *testing.T) {
	dir := reutersDir(t)
	train, test, cats, err := LoadModApte(dir)
	if err != nil {
		t.Fatal(err)
	}
	counts := []struct {
		name      string
		got, want int
	}{
		{"TOPICS=YES training stories", len(train), 9603},
		{"TOPICS=YES test stories", len(test), 3299},
		{"categories", len(cats), 90},
		{"training stories with a category", len(WithCategories(train, cats)), 7770},
		{"test stories with a category", len(WithCategories(test, cats)), 3019},
	}
	for _, c := range counts {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.name, c.got, c.want)
		}
	}

	var out strings.Builder
	results, err := runEval(&out, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + out.String())
	// Measured: conventional micro-F1 0.886-0.892, macro-F1 0.61-0.63 over
	// seeds; all stories micro-F1 about 0.879, macro-F1 about 0.61.
	floors := []struct{ micro, macro float64 }{{0.875, 0.58}, {0.865, 0.57}}
	for i, r := range results {
		if r.metrics.MicroF1 < floors[i].micro || r.metrics.MacroF1 < floors[i].macro {
			t.Errorf("%s: micro-F1 %.4f, macro-F1 %.4f; want at least %.3f and %.3f",
				r.name, r.metrics.MicroF1, r.metrics.MacroF1, floors[i].micro, floors[i].macro)
		}
	}
	for _, want := range []string{"documents: 7770 train, 3019 test", "documents: 9603 train, 3299 test", "micro: P", "macro: P", "training time", "suggest time per story"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

func BenchmarkSuggest(b *testing.B) {
	dir := reutersDir(b)
	train, test, cats, err := LoadModApte(dir)
	if err != nil {
		b.Fatal(err)
	}
	m, err := Train(WithCategories(train, cats), Options{Categories: cats})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m.Suggest(test[i%len(test)].Text, 5)
	}
}
