package newsroom

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/dateline-news/dateline/internal/httpx"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/publish"
	"github.com/dateline-news/dateline/internal/store"
)

// The picture desk: recent pictures with search, an upload form that
// works without JavaScript (several files at once; the script adds drag
// and drop with progress), and a page per picture to fill in caption,
// credit and alt text, set the focal point, publish, kill, or make it a
// story's lead picture.

func isMultipart(r *http.Request) bool {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return ct == "multipart/form-data"
}

type picturesPage struct {
	base
	Query    string
	Pictures []pictureCard
	MaxMB    int64
}

// pictureCard is a picture in the desk's list.
type pictureCard struct {
	*news.Story
	Thumb string // newsroom URL of a small rendition
}

func thumbOf(s *news.Story, want int) string {
	var best news.Rendition
	for _, r := range s.Picture.Renditions {
		if r.ContentType != "image/jpeg" {
			continue
		}
		if best.Width == 0 || (best.Width < want && r.Width > best.Width) || (r.Width >= want && r.Width < best.Width) {
			best = r
		}
	}
	if best.Hash == "" {
		return ""
	}
	return "/newsroom/pictures/" + s.ID + "/file/" + best.Hash + ".jpg"
}

func (h *Handler) picturesDesk(w http.ResponseWriter, r *http.Request, p *principal) error {
	return h.showPictures(w, r, p, http.StatusOK, nil)
}

func (h *Handler) showPictures(w http.ResponseWriter, r *http.Request, p *principal, status int, err error) error {
	d := picturesPage{base: newBase(p, "Pictures"), Query: r.URL.Query().Get("q"), MaxMB: h.pics.Limits().MaxBytes >> 20}
	if err != nil {
		if st := d.setError(err); st == http.StatusInternalServerError {
			return err
		} else {
			status = st
		}
	}
	if n := r.URL.Query().Get("uploaded"); n != "" && err == nil {
		d.Notice = n + " pictures uploaded: fill in their captions, credits and alt text before publishing."
	}
	list, lerr := h.stories.ListStories(r.Context(), store.DeskQuery{Kind: news.KindPicture, Text: d.Query, Limit: 100})
	if lerr != nil {
		return lerr
	}
	for _, s := range list {
		d.Pictures = append(d.Pictures, pictureCard{Story: s, Thumb: thumbOf(s, 320)})
	}
	return h.render(w, status, "pictures", d)
}

// pictureUpload takes the upload form: one file goes on to its page,
// several back to the desk. A refused file stores nothing.
func (h *Handler) pictureUpload(w http.ResponseWriter, r *http.Request, p *principal) error {
	ups, _, err := h.readUpload(w, r, true)
	var made []*news.Story
	for _, up := range ups {
		if err != nil {
			break
		}
		var res *publish.UploadResult
		if res, err = h.upload(r.Context(), p, up); err == nil {
			made = append(made, res.Picture)
		} else {
			err = fmt.Errorf("%s: %w", up.Filename, err)
		}
	}
	if err != nil {
		if len(made) > 0 {
			err = fmt.Errorf("%d pictures were uploaded before this one failed: %w", len(made), err)
		}
		return h.showPictures(w, r, p, http.StatusUnprocessableEntity, unwrapHTTP(err))
	}
	if len(made) == 1 {
		http.Redirect(w, r, "/newsroom/pictures/"+made[0].ID+"?done=uploaded", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/newsroom/pictures?uploaded="+strconv.Itoa(len(made)), http.StatusSeeOther)
	return nil
}

// unwrapHTTP keeps an upload problem's status and field while prefixing
// its message.
func unwrapHTTP(err error) error {
	var pr *httpx.Problem
	if errors.As(err, &pr) {
		return httpx.NewProblem(pr.Status, err.Error(), pr.Errors...)
	}
	return err
}

type picturePage struct {
	base
	Picture *news.Story
	Form    pictureForm
	Preview string
	Stories []*news.Story // recent stories it can lead
	CanEdit bool
	Reason  string
}

// pictureForm is the picture page's form as typed.
type pictureForm struct {
	Revision                                           int
	Headline, Caption, Credit, Alt, Creator, Copyright string
	City, Country, FocalX, FocalY                      string
}

func pictureFormOf(s *news.Story) pictureForm {
	p := s.Picture
	f := pictureForm{Revision: s.Revision, Headline: s.Headline, Caption: p.Caption, Credit: p.Credit, Alt: p.Alt,
		Creator: p.Creator, Copyright: p.Copyright, City: p.City, Country: p.Country}
	if p.Focal != nil {
		f.FocalX, f.FocalY = strconv.FormatFloat(p.Focal.X, 'f', -1, 64), strconv.FormatFloat(p.Focal.Y, 'f', -1, 64)
	}
	return f
}

func pictureFormOf2(r *http.Request) pictureForm {
	g := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	rev, _ := strconv.Atoi(g("revision"))
	return pictureForm{Revision: rev, Headline: g("headline"), Caption: g("caption"), Credit: g("credit"), Alt: g("alt"),
		Creator: g("creator"), Copyright: g("copyright"), City: g("city"), Country: g("country"), FocalX: g("focal_x"), FocalY: g("focal_y")}
}

// apply writes the form over a copy of cur.
func (f pictureForm) apply(cur *news.Story) (*news.Story, error) {
	s := cur.Clone()
	p := s.Picture
	s.Headline = f.Headline
	p.Caption, p.Credit, p.Alt, p.Creator, p.Copyright, p.City, p.Country = f.Caption, f.Credit, f.Alt, f.Creator, f.Copyright, f.City, f.Country
	p.Focal = nil
	if f.FocalX != "" || f.FocalY != "" {
		x, err1 := strconv.ParseFloat(f.FocalX, 64)
		y, err2 := strconv.ParseFloat(f.FocalY, 64)
		if err1 != nil || err2 != nil {
			return nil, errInvalid("focal", "write the focal point as two fractions from 0 to 1, e.g. 0.5 and 0.3")
		}
		p.Focal = &news.Point{X: x, Y: y}
	}
	return s, nil
}

func (h *Handler) picturePage(w http.ResponseWriter, r *http.Request, p *principal) error {
	s, err := h.loadPicture(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return h.showPicture(w, r, p, http.StatusOK, s, pictureFormOf(s), nil)
}

func (h *Handler) showPicture(w http.ResponseWriter, r *http.Request, p *principal, status int, s *news.Story, f pictureForm, err error) error {
	d := picturePage{base: newBase(p, "Picture: "+firstNonEmpty(s.Headline, s.Picture.Caption, s.ID)), Picture: s, Form: f,
		Preview: thumbOf(s, 640), CanEdit: checkEdit(p, s) == nil}
	if err != nil {
		if st := d.setError(err); st == http.StatusInternalServerError {
			return err
		} else {
			status = st
		}
	}
	if n, ok := pictureNotices[r.URL.Query().Get("done")]; ok && err == nil {
		d.Notice = n
	}
	list, lerr := h.stories.ListStories(r.Context(), store.DeskQuery{Limit: 30})
	if lerr != nil {
		return lerr
	}
	for _, st := range list {
		if st.Status != news.StatusKilled {
			d.Stories = append(d.Stories, st)
		}
	}
	return h.render(w, status, "picture", d)
}

var pictureNotices = map[string]string{
	"uploaded":  "Uploaded. The fields below were filled from the file's own metadata where it had any; its location (GPS) and camera details are never published.",
	"saved":     "Saved.",
	"published": "Published.",
	"killed":    "Killed: the picture is gone from every page, feed, sitemap and subscriber.",
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

// pictureSubmit handles the picture page's buttons.
func (h *Handler) pictureSubmit(w http.ResponseWriter, r *http.Request, p *principal) error {
	ctx := r.Context()
	cur, err := h.loadPicture(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := pictureFormOf2(r)
	var st *news.Story
	done := ""
	save := func() {
		var s *news.Story
		if s, err = f.apply(cur); err == nil {
			st, err = h.savePicture(ctx, p, cur, f.Revision, s, nil, false)
		}
		if err == nil {
			// A publish refused after the save shows the saved revision.
			cur, f.Revision = st, st.Revision
		}
	}
	switch op := r.PostForm.Get("op"); op {
	case "save":
		save()
		done = "saved"
	case "publish":
		if save(); err == nil {
			st, err = h.publish(ctx, p, cur, publish.Change{Base: st.Revision}, nil)
		}
		done = "published"
	case "kill":
		if reason := r.PostForm.Get("reason"); strings.TrimSpace(reason) == "" {
			err = errInvalid("reason", "a kill needs a reason")
		} else {
			st, err = h.kill(ctx, p, cur, f.Revision, reason, r.PostForm.Get("notice"))
		}
		done = "killed"
	case "lead":
		var story *news.Story
		if story, err = h.loadStory(ctx, r.PostForm.Get("story")); err == nil && story.IsPicture() {
			err = errInvalid("story", "choose a story, not a picture")
		}
		if err == nil {
			in := story.Clone()
			in.LeadPicture = cur.ID
			if _, err = h.save(ctx, p, story, story.Revision, in); err == nil {
				http.Redirect(w, r, "/newsroom/stories/"+story.ID+"?done=saved", http.StatusSeeOther)
				return nil
			}
		}
	default:
		err = errInvalid("op", fmt.Sprintf("unknown action %q", op))
	}
	if err != nil {
		return h.showPicture(w, r, p, http.StatusOK, cur, f, err)
	}
	http.Redirect(w, r, "/newsroom/pictures/"+st.ID+"?done="+done, http.StatusSeeOther)
	return nil
}
