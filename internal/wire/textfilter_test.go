package wire

import (
	"fmt"
	"testing"
)

// A subscriber whose filter has quoted words reads the log in bounded
// steps: one read decodes at most maxTextChecks versions and says
// more=true with the cursor it reached, and what it learnt is kept, so
// reading the same stretch again goes further instead of decoding it
// again.
func TestTextFilterCatchUpIsBounded(t *testing.T) {
	e := newEnv(t, Config{})
	sub := e.subscriber("glaciers", false, `"glacier"`)
	n := maxTextChecks + 50
	for i := range n {
		e.published(headline(fmt.Sprintf("Harbour tram timetable %d", i)))
	}
	e.published(headline("Glacier sensors report record melt"))

	first, err := sub.Pull(e.ctx, "", 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Items) != 0 || !first.More || first.Next == "" {
		t.Fatalf("first read: %d items, more=%v: want none and more=true after %d checks", len(first.Items), first.More, maxTextChecks)
	}
	seq, _ := DecodeCursor(first.Next)
	if seq != int64(maxTextChecks) {
		t.Fatalf("first read stopped at event %d, want %d", seq, maxTextChecks)
	}
	// The same read again: the first stretch is known, it gets to the end.
	again, err := sub.Pull(e.ctx, "", 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Items) != 1 {
		t.Fatalf("second read from the start: %d items (more=%v, next %s), want the glacier story", len(again.Items), again.More, again.Next)
	}
	// Following the cursor works as well.
	next, err := sub.Pull(e.ctx, first.Next, 0, 1)
	if err != nil || len(next.Items) != 1 {
		t.Fatalf("read after the cursor: %v, %d items", err, len(next.Items))
	}
}
