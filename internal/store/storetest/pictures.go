package storetest

import (
	"errors"
	"slices"
	"testing"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// RunPictures runs the pictures part of the conformance suite: blobs are
// content-addressed and written with the item in one transaction; a
// picture never appears among public stories; its renditions are served
// only while it is published.
func RunPictures(t *testing.T, open func(t *testing.T) store.Store) {
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"PictureLifecycle", testPictureLifecycle},
		{"BlobsRollBack", testBlobsRollBack},
		{"PictureDesk", testPictureDesk},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

// picture returns a new picture draft with two renditions and an
// original, and their blobs.
func picture(caption string, seed byte) (*news.Story, []store.Blob) {
	orig := store.NewBlob("image/jpeg", []byte{0xFF, 0xD8, 0xFF, seed, 'o'})
	r1 := store.NewBlob("image/jpeg", []byte{0xFF, 0xD8, 0xFF, seed, '1'})
	r2 := store.NewBlob("image/webp", []byte{'R', 'I', 'F', 'F', seed, '2'})
	s := &news.Story{ID: news.NewID(t0), Kind: news.KindPicture, Revision: 1, Status: news.StatusDraft,
		Language: "en", CreatedAt: at(0), ModifiedAt: at(0),
		Picture: &news.Picture{Caption: caption, Credit: "Dateline/Test", Alt: "A test picture", Width: 2000, Height: 1000,
			Original: orig.Hash, Format: "jpeg", Renditions: []news.Rendition{
				{Hash: r1.Hash, Width: 1280, Height: 640, ContentType: "image/jpeg", Size: 5},
				{Hash: r2.Hash, Width: 1280, Height: 640, ContentType: "image/webp", Size: 6},
			}}}
	return s, []store.Blob{orig, r1, r2}
}

func testPictureLifecycle(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	p, blobs := picture("Boats at dawn", 1)
	// The same bytes twice in one call are stored once.
	if err := st.CreateStoryBlobs(ctx, p, nil, append(blobs, blobs[1])); err != nil {
		t.Fatalf("CreateStoryBlobs: %v", err)
	}
	for _, b := range blobs {
		got, err := st.Blob(ctx, b.Hash)
		if err != nil || string(got.Data) != string(b.Data) || got.ContentType != b.ContentType {
			t.Fatalf("Blob(%s) = %+v, %v", b.Hash, got, err)
		}
		if _, err := st.PublicBlob(ctx, b.Hash); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("a draft's blob is public: %v", err)
		}
	}
	if _, err := st.PublicPicture(ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a draft picture is public: %v", err)
	}
	// A second picture with a shared rendition stores nothing twice and
	// does not fail.
	q, qb := picture("Boats at dusk", 1)
	if err := st.CreateStoryBlobs(ctx, q, nil, qb); err != nil {
		t.Fatalf("CreateStoryBlobs with stored blobs: %v", err)
	}
	bad, _ := picture("Bad blob", 9)
	if err := st.CreateStoryBlobs(ctx, bad, nil, []store.Blob{{Hash: "00", ContentType: "x", Data: []byte("y")}}); err == nil {
		t.Fatal("a blob whose hash is not its SHA-256 was stored")
	}
	if _, err := st.Story(ctx, bad.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a picture whose blob was refused was stored: %v", err)
	}

	pub, err := st.UpdateStory(ctx, p.ID, func(s *news.Story) (*news.Version, error) { return s.Publish(at(10), nil, "ed") })
	if err != nil {
		t.Fatalf("publish picture: %v", err)
	}
	got, err := st.PublicPicture(ctx, p.ID)
	if err != nil || got.Picture == nil || got.Picture.Caption != "Boats at dawn" || got.Version != pub.Version {
		t.Fatalf("PublicPicture = %+v, %v", got, err)
	}
	for _, r := range p.Picture.Renditions {
		if _, err := st.PublicBlob(ctx, r.Hash); err != nil {
			t.Fatalf("rendition %s of a published picture: %v", r.Hash, err)
		}
	}
	if _, err := st.PublicBlob(ctx, p.Picture.Original); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the original (with its private metadata) is public: %v", err)
	}
	// Pictures are not public stories.
	page, err := st.ListPublic(ctx, store.ListQuery{})
	if err != nil || len(page.Stories) != 0 {
		t.Fatalf("ListPublic lists a picture: %d, %v", len(page.Stories), err)
	}
	if _, err := st.PublicStory(ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("PublicStory of a picture: %v", err)
	}
	// The change log carries the picture like a story.
	ev, err := st.Changes(ctx, 0, 10)
	if err != nil || len(ev) != 1 || ev[0].StoryID != p.ID || ev[0].Action != news.ActionPublish {
		t.Fatalf("Changes = %+v, %v", ev, err)
	}

	if _, err := st.UpdateStory(ctx, p.ID, func(s *news.Story) (*news.Version, error) { return s.Withhold(at(20), "check", nil, "ed") }); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PublicPicture(ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a withheld picture is public: %v", err)
	}
	if _, err := st.UpdateStory(ctx, p.ID, func(s *news.Story) (*news.Version, error) { return s.Publish(at(30), nil, "ed") }); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UpdateStory(ctx, p.ID, func(s *news.Story) (*news.Version, error) { return s.Kill(at(40), "rights", "", nil, "ed") }); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PublicPicture(ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a killed picture is public: %v", err)
	}
	for _, r := range p.Picture.Renditions {
		if _, err := st.PublicBlob(ctx, r.Hash); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("rendition %s of a killed picture is still served: %v", r.Hash, err)
		}
		if _, err := st.Blob(ctx, r.Hash); err != nil {
			t.Fatalf("the newsroom lost a killed picture's rendition: %v", err)
		}
	}
	ev, _ = st.Changes(ctx, 0, 10)
	if len(ev) != 4 || ev[3].Action != news.ActionKill {
		t.Fatalf("change log after kill = %+v", ev)
	}
}

func testBlobsRollBack(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	p, blobs := picture("Rolled back", 2)
	if err := st.CreateStoryBlobs(ctx, p, nil, blobs[:1]); err != nil {
		t.Fatal(err)
	}
	extra := store.NewBlob("image/jpeg", []byte("a crop that failed"))
	refused := errors.New("refused")
	_, err := st.UpdateStoryBlobs(ctx, p.ID, []store.Blob{extra}, func(*news.Story) (*news.Version, error) { return nil, refused })
	if !errors.Is(err, refused) {
		t.Fatalf("UpdateStoryBlobs = %v", err)
	}
	if _, err := st.Blob(ctx, extra.Hash); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a blob of a rolled-back change was stored: %v", err)
	}
	if _, err := st.UpdateStoryBlobs(ctx, p.ID, []store.Blob{extra}, func(*news.Story) (*news.Version, error) { return nil, nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Blob(ctx, extra.Hash); err != nil {
		t.Fatalf("blob of a committed change: %v", err)
	}
}

func testPictureDesk(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	a, ab := picture("Ferry in the ice near Tallinn", 3)
	b, bb := picture("Market day in Tartu", 4)
	for _, x := range []struct {
		s  *news.Story
		bl []store.Blob
	}{{a, ab}, {b, bb}} {
		if err := st.CreateStoryBlobs(ctx, x.s, nil, x.bl); err != nil {
			t.Fatal(err)
		}
	}
	story := draft("A story among pictures")
	create(t, st, story)
	ids := func(q store.DeskQuery) []string {
		list, err := st.ListStories(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range list {
			out = append(out, s.ID)
		}
		slices.Sort(out)
		return out
	}
	want := []string{a.ID, b.ID}
	slices.Sort(want)
	if got := ids(store.DeskQuery{Kind: news.KindPicture}); !slices.Equal(got, want) {
		t.Errorf("picture desk = %v, want %v", got, want)
	}
	if got := ids(store.DeskQuery{}); !slices.Equal(got, []string{story.ID}) {
		t.Errorf("story desk = %v, want only the story", got)
	}
	if got := ids(store.DeskQuery{Kind: news.KindPicture, Text: "FERRY tallinn"}); !slices.Equal(got, []string{a.ID}) {
		t.Errorf("picture search = %v, want %v", got, []string{a.ID})
	}
	if got := ids(store.DeskQuery{Kind: news.KindPicture, Text: `100%_\`}); len(got) != 0 {
		t.Errorf("hostile search found %v", got)
	}
}
