package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// testSetEntities: entities found after a story was stored reach its
// working copy and its public row, without a new version, a new event or
// a new revision; the published version stays as it was; a public row of
// an older version than the working copy's is left alone; an unknown id
// is ErrNotFound.
func testSetEntities(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	e := news.Entities{
		People: []news.Person{{Name: "Ingrid Solheim", Role: "spokeswoman"}},
		Places: []news.Place{{Name: "Tromsø", Country: "NO", Kind: "city"}},
	}
	s, _ := createPublished(t, st, draft("Ferry pier reopens"), at(time.Hour))
	seq, err := st.LastSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetEntities(ctx, map[string]news.Entities{s.ID: e}); err != nil {
		t.Fatal(err)
	}
	w, err := st.Story(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(w.Entities, e) || w.Revision != s.Revision || w.Version != 1 {
		t.Errorf("working copy: entities %+v revision %d version %d; want %+v, revision %d, version 1", w.Entities, w.Revision, w.Version, e, s.Revision)
	}
	p, err := st.PublicStory(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.Entities, e) {
		t.Errorf("public story entities = %+v, want %+v", p.Entities, e)
	}
	v, err := st.Version(ctx, s.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Story.Entities.IsZero() {
		t.Errorf("version 1 changed: entities %+v", v.Story.Entities)
	}
	if after, _ := st.LastSeq(ctx); after != seq {
		t.Errorf("SetEntities appended events: last seq %d, was %d", after, seq)
	}
	// A batch with an unknown id records nothing.
	d0 := create(t, st, draft("Harbour crane inspection")).ID
	wantErr(t, "SetEntities of an unknown story", st.SetEntities(ctx, map[string]news.Entities{d0: e, "no-such-story": e}), store.ErrNotFound)

	if got, _ := st.Story(ctx, d0); got == nil || !got.Entities.IsZero() {
		t.Errorf("a failed batch stored entities: %+v", got)
	}

	// A draft has no public row; its working copy still takes them.
	d := create(t, st, draft("Pier timetable"))
	if err := st.SetEntities(ctx, map[string]news.Entities{d.ID: e}); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Story(ctx, d.ID); got == nil || !reflect.DeepEqual(got.Entities, e) {
		t.Errorf("draft entities not stored: %+v", got)
	}
	if _, err := st.PublicStory(ctx, d.ID); err == nil {
		t.Errorf("SetEntities made a draft public")
	}
}
