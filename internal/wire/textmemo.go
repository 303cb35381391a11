package wire

import (
	"strconv"
	"strings"
	"sync"

	"github.com/dateline-news/dateline/internal/news"
)

// maxTextChecks bounds how many versions one read of the change log
// decodes to test a subscriber's quoted words; beyond it the answer says
// more=true with the cursor reached, and the next read goes on from there.
// A filter's word test is remembered per version (versions never change),
// so reading the same stretch again costs nothing.
const maxTextChecks = 200

// textMemo remembers whether a version's text has a filter's words.
type textMemo struct {
	mu sync.Mutex
	m  map[string]bool
}

// textMemoMax bounds the memo; a full memo starts again.
const textMemoMax = 1 << 16

func textKey(f *Filter, e *news.Event) string {
	return strings.Join(f.Words, "\x1f") + "\x00" + strings.Join(f.Tags, "\x1f") + "\x00" + e.StoryID + "\x00" + strconv.Itoa(e.Version)
}

func (t *textMemo) get(key string) (match, known bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	match, known = t.m[key]
	return match, known
}

func (t *textMemo) put(key string, match bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil || len(t.m) >= textMemoMax {
		t.m = map[string]bool{}
	}
	t.m[key] = match
}
