package newsroom

import (
	"strings"

	"github.com/dateline-news/dateline/internal/news"
)

// Seg is a run of text in a diff row; Changed marks words that differ.
type Seg struct {
	Text    string
	Changed bool
}

// DiffRow is one row of a side-by-side diff. Kind is "same", "changed",
// "removed" (only Left) or "added" (only Right).
type DiffRow struct {
	Kind        string
	Left, Right []Seg
}

// VersionLines is a story as the diff compares it: one line per field and
// per body block (subheadings marked with "## ").
func VersionLines(s *news.Story) []string {
	lines := []string{"Headline: " + s.Headline}
	if s.Standfirst != "" {
		lines = append(lines, "Standfirst: "+s.Standfirst)
	}
	if d := s.Dateline.Display(); d != "" {
		lines = append(lines, "Dateline: "+d)
	}
	if s.Byline != "" {
		lines = append(lines, "By: "+s.Byline)
	}
	for _, b := range s.Body {
		if b.Kind == news.Subheading {
			lines = append(lines, "## "+b.Text)
		} else {
			lines = append(lines, b.Text)
		}
	}
	if s.Section != "" || len(s.Tags) > 0 {
		lines = append(lines, "Section: "+s.Section+"; tags: "+strings.Join(s.Tags, ", "))
	}
	if s.Status == news.StatusKilled {
		lines = append(lines, "Killed: "+s.KillNotice)
	}
	return lines
}

// op is one step of an edit script.
type op struct {
	kind byte // '=' same, '-' only in a, '+' only in b
	a, b int  // indexes into a and b
}

// lcs returns the edit script from a to b along a longest common
// subsequence (dynamic programming, O(len(a)*len(b))). Inputs too large
// for that are compared as wholly replaced.
func lcs(a, b []string) []op {
	n, m := len(a), len(b)
	if n*m > 4_000_000 {
		var ops []op
		for i := range a {
			ops = append(ops, op{'-', i, -1})
		}
		for j := range b {
			ops = append(ops, op{'+', -1, j})
		}
		return ops
	}
	// t[i][j] = LCS length of a[i:] and b[j:].
	t := make([][]int32, n+1)
	for i := range t {
		t[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	var ops []op
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			ops = append(ops, op{'=', i, j})
			i, j = i+1, j+1
		case t[i+1][j] >= t[i][j+1]:
			ops = append(ops, op{'-', i, -1})
			i++
		default:
			ops = append(ops, op{'+', -1, j})
			j++
		}
	}
	for ; i < n; i++ {
		ops = append(ops, op{'-', i, -1})
	}
	for ; j < m; j++ {
		ops = append(ops, op{'+', -1, j})
	}
	return ops
}

// Diff compares two versions paragraph by paragraph; paragraphs replaced
// by others are paired and compared word by word.
func Diff(a, b []string) []DiffRow {
	ops := lcs(a, b)
	var rows []DiffRow
	for k := 0; k < len(ops); {
		if ops[k].kind == '=' {
			t := a[ops[k].a]
			rows = append(rows, DiffRow{Kind: "same", Left: []Seg{{Text: t}}, Right: []Seg{{Text: t}}})
			k++
			continue
		}
		// A run of removals and additions between two equal lines.
		var del, add []string
		for ; k < len(ops) && ops[k].kind != '='; k++ {
			if ops[k].kind == '-' {
				del = append(del, a[ops[k].a])
			} else {
				add = append(add, b[ops[k].b])
			}
		}
		for i := 0; i < max(len(del), len(add)); i++ {
			switch {
			case i < len(del) && i < len(add):
				l, r := wordDiff(del[i], add[i])
				rows = append(rows, DiffRow{Kind: "changed", Left: l, Right: r})
			case i < len(del):
				rows = append(rows, DiffRow{Kind: "removed", Left: []Seg{{Text: del[i], Changed: true}}})
			default:
				rows = append(rows, DiffRow{Kind: "added", Right: []Seg{{Text: add[i], Changed: true}}})
			}
		}
	}
	return rows
}

// wordDiff marks the words of a and b that are not in their longest common
// subsequence.
func wordDiff(a, b string) (left, right []Seg) {
	wa, wb := strings.Fields(a), strings.Fields(b)
	for _, o := range lcs(wa, wb) {
		switch o.kind {
		case '=':
			left = appendSeg(left, wa[o.a], false)
			right = appendSeg(right, wb[o.b], false)
		case '-':
			left = appendSeg(left, wa[o.a], true)
		case '+':
			right = appendSeg(right, wb[o.b], true)
		}
	}
	return left, right
}

// appendSeg adds a word, merging it into the last run of the same kind.
func appendSeg(segs []Seg, word string, changed bool) []Seg {
	if n := len(segs); n > 0 && segs[n-1].Changed == changed {
		segs[n-1].Text += " " + word
		return segs
	}
	if len(segs) > 0 {
		word = " " + word
	}
	return append(segs, Seg{Text: word, Changed: changed})
}
