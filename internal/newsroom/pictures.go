package newsroom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/httpx"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/pictures"
	"github.com/dateline-news/dateline/internal/publish"
	"github.com/dateline-news/dateline/internal/store"
)

// SetPictures turns on picture uploads (call before Register); blobs
// serves renditions to the newsroom before they are public.
func (h *Handler) SetPictures(p *publish.Pictures, blobs store.Pictures) {
	h.pics, h.blobs = p, blobs
}

// renditionJSON is one rendition in the API.
type renditionJSON struct {
	Href        string `json:"href"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// pictureJSON is a picture in the newsroom API.
type pictureJSON struct {
	ID               string            `json:"id"`
	Kind             string            `json:"kind"`
	Version          int               `json:"version"`
	Revision         int               `json:"revision"`
	Status           news.Status       `json:"status"`
	Language         string            `json:"language"`
	Headline         string            `json:"headline"`
	Caption          string            `json:"caption"`
	Credit           string            `json:"credit"`
	Alt              string            `json:"alt"`
	Creator          string            `json:"creator"`
	Copyright        string            `json:"copyright"`
	City             string            `json:"city"`
	Country          string            `json:"country"`
	TakenAt          *time.Time        `json:"taken_at"`
	Section          string            `json:"section"`
	Tags             []string          `json:"tags"`
	Width            int               `json:"width"`
	Height           int               `json:"height"`
	Format           string            `json:"format"`
	Focal            *news.Point       `json:"focal"`
	Crop             *news.Rect        `json:"crop"`
	Renditions       []renditionJSON   `json:"renditions"`
	FirstPublishedAt *time.Time        `json:"first_published_at"`
	UpdatedAt        *time.Time        `json:"updated_at"`
	Corrections      []news.Correction `json:"corrections"`
	// Metadata is what the uploaded file itself said (upload answer only).
	Metadata *metadataJSON `json:"metadata,omitempty"`
}

type metadataJSON struct {
	Headline    string     `json:"headline"`
	Caption     string     `json:"caption"`
	Creator     string     `json:"creator"`
	Credit      string     `json:"credit"`
	Copyright   string     `json:"copyright"`
	City        string     `json:"city"`
	Country     string     `json:"country"`
	TakenAt     *time.Time `json:"taken_at"`
	Orientation int        `json:"orientation"`
	// GPSRemoved says the file carried a location, which no rendition has.
	GPSRemoved bool `json:"gps_removed"`
}

func (h *Handler) pictureJSON(s *news.Story) pictureJSON {
	p := s.Picture
	if p == nil {
		p = &news.Picture{}
	}
	j := pictureJSON{ID: s.ID, Kind: string(news.KindPicture), Version: s.Version, Revision: s.Revision, Status: s.Status,
		Language: s.Language, Headline: s.Headline, Caption: p.Caption, Credit: p.Credit, Alt: p.Alt, Creator: p.Creator,
		Copyright: p.Copyright, City: p.City, Country: p.Country, TakenAt: p.TakenAt, Section: s.Section,
		Tags: nonNilStrings(s.Tags), Width: p.Width, Height: p.Height, Format: p.Format, Focal: p.Focal, Crop: p.Crop,
		Renditions: []renditionJSON{}, FirstPublishedAt: s.FirstPublishedAt, UpdatedAt: s.UpdatedAt,
		Corrections: s.Corrections}
	if j.Corrections == nil {
		j.Corrections = []news.Correction{}
	}
	for _, r := range p.Renditions {
		j.Renditions = append(j.Renditions, renditionJSON{Href: h.cfg.BaseURL + r.Path(), Width: r.Width, Height: r.Height,
			ContentType: r.ContentType, Size: r.Size})
	}
	return j
}

func nonNilStrings(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

// writeItem answers with a story or a picture in its own JSON shape.
func (h *Handler) writeItem(w http.ResponseWriter, status int, s *news.Story) {
	if s.IsPicture() {
		httpx.WriteJSON(w, status, h.pictureJSON(s))
		return
	}
	httpx.WriteJSON(w, status, h.storyJSON(s))
}

// uploadError turns a refused file into a problem naming the field.
func uploadError(err error) error {
	status := http.StatusUnprocessableEntity
	switch {
	case errors.Is(err, pictures.ErrTooLarge):
		status = http.StatusRequestEntityTooLarge
	case errors.Is(err, pictures.ErrUnknownFormat):
		status = http.StatusUnsupportedMediaType
	case errors.Is(err, pictures.ErrTooManyPixels), errors.Is(err, pictures.ErrBroken):
	default:
		return err
	}
	return httpx.NewProblem(status, "file: "+err.Error()+"; nothing was stored", httpx.FieldProblem{Field: "file", Detail: err.Error()})
}

// readUpload reads a multipart upload: one file part (several with
// many=true) and the text fields, with every size bounded.
func (h *Handler) readUpload(w http.ResponseWriter, r *http.Request, many bool) ([]publish.Upload, map[string]string, error) {
	ct, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || ct != "multipart/form-data" || params["boundary"] == "" {
		return nil, nil, httpx.NewProblem(http.StatusUnsupportedMediaType, "send the picture as multipart/form-data with a file field")
	}
	lim := h.pics.Limits().MaxBytes
	maxFiles := int64(1)
	if many {
		maxFiles = 20
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFiles*lim+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, errInvalid("file", "the multipart body cannot be read: "+err.Error())
	}
	fields := map[string]string{}
	var ups []publish.Upload
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, nil, uploadError(fmt.Errorf("%w: the request is larger than %d bytes", pictures.ErrTooLarge, mbe.Limit))
			}
			return nil, nil, errInvalid("file", "the multipart body is broken: "+err.Error())
		}
		name := part.FormName()
		if part.FileName() == "" {
			if len(fields) > 20 {
				return nil, nil, errInvalid(name, "too many fields")
			}
			b, err := io.ReadAll(io.LimitReader(part, 8<<10+1))
			if err != nil || len(b) > 8<<10 {
				return nil, nil, errInvalid(name, "is longer than 8 KiB")
			}
			fields[name] = string(b)
			continue
		}
		if name != "file" && name != "files" {
			return nil, nil, errInvalid(name, "unknown file field: send the picture as file")
		}
		if int64(len(ups)) >= maxFiles {
			return nil, nil, errInvalid("file", fmt.Sprintf("at most %d files at once", maxFiles))
		}
		data, err := io.ReadAll(io.LimitReader(part, lim+1))
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, nil, uploadError(fmt.Errorf("%w: the request is larger than %d bytes", pictures.ErrTooLarge, mbe.Limit))
			}
			return nil, nil, errInvalid("file", "the upload broke off: "+err.Error())
		}
		if int64(len(data)) > lim {
			return nil, nil, uploadError(fmt.Errorf("%w: %s is more than %d bytes", pictures.ErrTooLarge, part.FileName(), lim))
		}
		ups = append(ups, publish.Upload{Data: data, Filename: part.FileName()})
	}
	if len(ups) == 0 {
		return nil, nil, errInvalid("file", "no file was sent")
	}
	for i := range ups {
		ups[i].Caption, ups[i].Credit, ups[i].Alt = fields["caption"], fields["credit"], fields["alt"]
		ups[i].Headline, ups[i].Language = fields["headline"], fields["language"]
	}
	return ups, fields, nil
}

// upload stores one picture and audits it.
func (h *Handler) upload(ctx context.Context, p *principal, up publish.Upload) (*publish.UploadResult, error) {
	res, err := h.pics.Create(ctx, up, p.user.Name)
	if err != nil {
		return nil, uploadError(err)
	}
	h.audit(ctx, p.user.Name, "upload", res.Picture.ID, fmt.Sprintf("picture %s, %dx%d", up.Filename, res.Picture.Picture.Width, res.Picture.Picture.Height))
	return res, nil
}

func metaJSON(m pictures.Meta) *metadataJSON {
	return &metadataJSON{Headline: m.Headline, Caption: m.Caption, Creator: m.Creator, Credit: m.Credit, Copyright: m.Copyright,
		City: m.City, Country: m.Country, TakenAt: m.TakenAt, Orientation: m.Orientation, GPSRemoved: m.HasGPS}
}

func (h *Handler) apiPictureUpload(w http.ResponseWriter, r *http.Request, p *principal) error {
	ups, _, err := h.readUpload(w, r, false)
	if err != nil {
		return err
	}
	res, err := h.upload(r.Context(), p, ups[0])
	if err != nil {
		return err
	}
	j := h.pictureJSON(res.Picture)
	j.Metadata = metaJSON(res.Meta)
	w.Header().Set("Location", "/api/v1/pictures/"+res.Picture.ID)
	httpx.WriteJSON(w, http.StatusCreated, j)
	return nil
}

func (h *Handler) loadPicture(ctx context.Context, id string) (*news.Story, error) {
	s, err := h.loadStory(ctx, id)
	if err != nil || !s.IsPicture() {
		return nil, errNotFound(fmt.Sprintf("no picture with id %q", id))
	}
	return s, nil
}

// onPicture runs a story route's handler after checking that the id is a
// picture's, so publish, correct, kill and withhold are one code path.
func (h *Handler) onPicture(fn apiFunc) apiFunc {
	return func(w http.ResponseWriter, r *http.Request, p *principal) error {
		if _, err := h.loadPicture(r.Context(), r.PathValue("id")); err != nil {
			return err
		}
		return fn(w, r, p)
	}
}

func (h *Handler) apiPictureGet(w http.ResponseWriter, r *http.Request, p *principal) error {
	s, err := h.loadPicture(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	w.Header().Set("ETag", fmt.Sprintf(`"r%d"`, s.Revision))
	httpx.WriteJSON(w, http.StatusOK, h.pictureJSON(s))
	return nil
}

func (h *Handler) apiPictureList(w http.ResponseWriter, r *http.Request, p *principal) error {
	q := r.URL.Query()
	dq := store.DeskQuery{Kind: news.KindPicture, Text: q.Get("q"), Status: news.Status(q.Get("status"))}
	if dq.Status != "" && !dq.Status.Valid() {
		return errInvalid("status", fmt.Sprintf("%q is not one of draft, scheduled, published, withheld, killed", dq.Status))
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return errInvalid("limit", "must be a number from 1 to 500")
		}
		dq.Limit = n
	}
	list, err := h.stories.ListStories(r.Context(), dq)
	if err != nil {
		return err
	}
	out := make([]pictureJSON, len(list))
	for i, s := range list {
		out[i] = h.pictureJSON(s)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}

// pictureIn is a picture's editable fields; absent ones stay as they are.
type pictureIn struct {
	Revision  *int            `json:"revision"`
	Language  *string         `json:"language"`
	Headline  *string         `json:"headline"`
	Caption   *string         `json:"caption"`
	Credit    *string         `json:"credit"`
	Alt       *string         `json:"alt"`
	Creator   *string         `json:"creator"`
	Copyright *string         `json:"copyright"`
	City      *string         `json:"city"`
	Country   *string         `json:"country"`
	Section   *string         `json:"section"`
	Tags      *[]string       `json:"tags"`
	Focal     json.RawMessage `json:"focal"`
	Crop      json.RawMessage `json:"crop"`

	// Read-only fields a client may send back unchanged.
	ID, Kind, Version, Status, Width, Height, Format, Renditions, TakenAt json.RawMessage
	FirstPublishedAt                                                      json.RawMessage `json:"first_published_at"`
	UpdatedAt                                                             json.RawMessage `json:"updated_at"`
	Corrections                                                           json.RawMessage `json:"corrections"`
	Metadata                                                              json.RawMessage `json:"metadata"`
}

// apply writes the sent fields over a copy of cur; crop comes back
// separately (set says whether it was sent).
func (in *pictureIn) apply(cur *news.Story) (s *news.Story, crop *news.Rect, set bool, err error) {
	s = cur.Clone()
	pic := s.Picture
	for _, f := range []struct {
		dst *string
		v   *string
	}{{&s.Language, in.Language}, {&s.Headline, in.Headline}, {&pic.Caption, in.Caption}, {&pic.Credit, in.Credit},
		{&pic.Alt, in.Alt}, {&pic.Creator, in.Creator}, {&pic.Copyright, in.Copyright}, {&pic.City, in.City},
		{&pic.Country, in.Country}, {&s.Section, in.Section}} {
		if f.v != nil {
			*f.dst = *f.v
		}
	}
	if in.Tags != nil {
		s.Tags = *in.Tags
	}
	if len(in.Focal) > 0 {
		pic.Focal = nil
		if string(in.Focal) != "null" {
			if err := json.Unmarshal(in.Focal, &pic.Focal); err != nil {
				return nil, nil, false, errInvalid("focal", `must be {"x": 0..1, "y": 0..1} or null`)
			}
		}
	}
	if len(in.Crop) > 0 {
		set = true
		if string(in.Crop) != "null" {
			if err := json.Unmarshal(in.Crop, &crop); err != nil {
				return nil, nil, false, errInvalid("crop", `must be {"x", "y", "w", "h"} as fractions 0..1, or null`)
			}
		}
	}
	return s, crop, set, nil
}

func (h *Handler) apiPicturePut(w http.ResponseWriter, r *http.Request, p *principal) error {
	cur, err := h.loadPicture(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := checkEdit(p, cur); err != nil {
		return err
	}
	var in pictureIn
	if err := h.decode(w, r, &in); err != nil {
		return err
	}
	base, err := baseOf(r, in.Revision)
	if err != nil {
		return err
	}
	if base == 0 {
		return errInvalid("revision", "is required: send the revision you edited, so that nobody's changes are overwritten")
	}
	s, crop, setCrop, err := in.apply(cur)
	if err != nil {
		return err
	}
	st, err := h.savePicture(r.Context(), p, cur, base, s, crop, setCrop)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", fmt.Sprintf(`"r%d"`, st.Revision))
	httpx.WriteJSON(w, http.StatusOK, h.pictureJSON(st))
	return nil
}

func (h *Handler) savePicture(ctx context.Context, p *principal, cur *news.Story, base int, s *news.Story, crop *news.Rect, setCrop bool) (*news.Story, error) {
	if !setCrop {
		crop = cur.Picture.Crop
	}
	ctx = store.WithAudit(ctx, &store.AuditEntry{At: h.now(), User: p.user.Name, Action: "edit", StoryID: cur.ID,
		Detail: fmt.Sprintf("picture revision %d", cur.Revision+1)})
	return h.pics.Save(ctx, cur.ID, base, s, crop, true)
}

// checkLead refuses a lead picture that is not a picture.
func (h *Handler) checkLead(ctx context.Context, s *news.Story) error {
	if s.LeadPicture == "" {
		return nil
	}
	if _, err := h.loadPicture(ctx, s.LeadPicture); err != nil {
		return errInvalid("lead_picture", fmt.Sprintf("there is no picture with id %q", s.LeadPicture))
	}
	return nil
}

// newsroomFile serves any rendition of a picture to the newsroom (drafts
// included), never its original.
func (h *Handler) newsroomFile(w http.ResponseWriter, r *http.Request, p *principal) error {
	s, err := h.loadPicture(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	hash := strings.TrimSuffix(strings.TrimSuffix(r.PathValue("file"), ".jpg"), ".webp")
	for _, rd := range s.Picture.Renditions {
		if rd.Hash == hash {
			b, err := h.blobs.Blob(r.Context(), hash)
			if err != nil {
				return err
			}
			w.Header().Set("Content-Type", b.ContentType)
			w.Header().Set("Cache-Control", "private, max-age=31536000, immutable")
			w.Header().Set("Content-Length", strconv.Itoa(len(b.Data)))
			_, _ = w.Write(b.Data)
			return nil
		}
	}
	return errNotFound("no such rendition of this picture")
}
