package newsroom_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/newsroom"
)

func strconvFormat(n int64) string { return strconv.FormatInt(n, 10) }

func TestBodyFromText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"", "[]"},
		{"One.\n\nTwo.", "[{p One.} {p Two.}]"},
		{"One\nwrapped line.\r\n\r\n## Sub head\n\nThree.", "[{p One wrapped line.} {h2 Sub head} {p Three.}]"},
		{"\n\n\n  \n\nOnly.\n\n\n", "[{p Only.}]"},
		{"##No space is a paragraph", "[{p ##No space is a paragraph}]"},
		{"## ", "[{p ##}]"},
	} {
		got := fmt.Sprint(newsroom.BodyFromText(tc.in))
		if got != tc.want {
			t.Errorf("BodyFromText(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
	body := []news.Block{{Kind: news.Paragraph, Text: "A."}, {Kind: news.Subheading, Text: "B"}, {Kind: news.Paragraph, Text: "C."}}
	if got := newsroom.BodyFromText(newsroom.BodyText(body)); fmt.Sprint(got) != fmt.Sprint(body) {
		t.Errorf("round trip = %v", got)
	}
}

func FuzzBodyFromText(f *testing.F) {
	f.Add("One.\n\n## Two\n\nThree.")
	f.Add("\r\r\n## \n\n##")
	f.Add("## ## a\n\n##  b\u00a0\n\nc ## d")
	f.Fuzz(func(t *testing.T, s string) {
		blocks := newsroom.BodyFromText(s)
		for _, b := range blocks {
			if b.Text == "" || strings.Contains(b.Text, "\n") {
				t.Fatalf("block %q from %q", b.Text, s)
			}
		}
		again := newsroom.BodyFromText(newsroom.BodyText(blocks))
		if fmt.Sprint(again) != fmt.Sprint(blocks) {
			t.Fatalf("round trip of %q: %v != %v", s, again, blocks)
		}
	})
}

func render(rows []newsroom.DiffRow) string {
	var b strings.Builder
	seg := func(ss []newsroom.Seg) string {
		var out string
		for _, s := range ss {
			if s.Changed {
				out += "[" + s.Text + "]"
			} else {
				out += s.Text
			}
		}
		return out
	}
	for _, r := range rows {
		fmt.Fprintf(&b, "%s:%s|%s;", r.Kind, seg(r.Left), seg(r.Right))
	}
	return b.String()
}

func TestDiff(t *testing.T) {
	for _, tc := range []struct {
		a, b []string
		want string
	}{
		{nil, nil, ""},
		{[]string{"a"}, []string{"a"}, "same:a|a;"},
		{[]string{"a", "b"}, []string{"a"}, "same:a|a;removed:[b]|;"},
		{[]string{"a"}, []string{"a", "c"}, "same:a|a;added:|[c];"},
		{[]string{"the cat sat", "end"}, []string{"the dog sat", "end"}, "changed:the[ cat] sat|the[ dog] sat;same:end|end;"},
		{[]string{"x", "same", "y"}, []string{"same"}, "removed:[x]|;same:same|same;removed:[y]|;"},
	} {
		if got := render(newsroom.Diff(tc.a, tc.b)); got != tc.want {
			t.Errorf("Diff(%q, %q) = %s, want %s", tc.a, tc.b, got, tc.want)
		}
	}
}

func FuzzDiff(f *testing.F) {
	f.Add("a b c\nd", "a c\nd e")
	f.Fuzz(func(t *testing.T, a, b string) {
		la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
		rows := newsroom.Diff(la, lb)
		// Every line of each side appears, in order, in its column.
		var left, right []string
		for _, r := range rows {
			if r.Kind != "added" {
				left = append(left, join(r.Left))
			}
			if r.Kind != "removed" {
				right = append(right, join(r.Right))
			}
		}
		if len(left) != len(la) || len(right) != len(lb) {
			t.Fatalf("diff has %d/%d lines, inputs %d/%d", len(left), len(right), len(la), len(lb))
		}
		for i := range la {
			if strings.Join(strings.Fields(left[i]), " ") != strings.Join(strings.Fields(la[i]), " ") {
				t.Fatalf("left line %d = %q, want %q", i, left[i], la[i])
			}
		}
		for i := range lb {
			if strings.Join(strings.Fields(right[i]), " ") != strings.Join(strings.Fields(lb[i]), " ") {
				t.Fatalf("right line %d = %q, want %q", i, right[i], lb[i])
			}
		}
	})
}

func join(ss []newsroom.Seg) string {
	var out string
	for _, s := range ss {
		out += s.Text
	}
	return out
}
