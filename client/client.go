// Package client is a Go client for the Dateline wire API: the change
// feed (Pull), the event stream (Stream), single items (Item) and search
// (Search). It also checks webhook signatures (VerifySignature).
package client

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Client talks to one Dateline server with one subscriber key.
type Client struct {
	BaseURL string       // e.g. "https://wire.example.org"
	Key     string       // subscriber key (dlw_...)
	HTTP    *http.Client // nil: a client without an overall timeout (long polls and streams need none)
}

// New returns a client for baseURL with key.
func New(baseURL, key string) *Client {
	return &Client{BaseURL: strings.TrimRight(baseURL, "/"), Key: key}
}

// Error is an answer other than 2xx, with its problem+json detail.
type Error struct {
	Status int
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Errors []struct {
		Field  string `json:"field"`
		Detail string `json:"detail"`
	} `json:"errors"`
}

func (e *Error) Error() string {
	if e.Detail != "" {
		return fmt.Sprintf("dateline: %d %s: %s", e.Status, e.Title, e.Detail)
	}
	return fmt.Sprintf("dateline: %d %s", e.Status, http.StatusText(e.Status))
}

// Page is a page of the change feed or of search results.
type Page struct {
	Items []json.RawMessage `json:"items"` // ninjs documents
	Next  string            `json:"next"`  // pass as after (Pull) or before (Search)
	More  bool              `json:"more"`  // more items are ready now
}

func (c *Client) http() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return http.DefaultClient
}

func (c *Client) get(ctx context.Context, path string, q url.Values, accept string) (*http.Response, error) {
	u := c.BaseURL + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.Key)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := c.http().Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		defer resp.Body.Close()
		e := &Error{Status: resp.StatusCode}
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		_ = json.Unmarshal(b, e)
		return nil, e
	}
	return resp, nil
}

func (c *Client) getJSON(ctx context.Context, path string, q url.Values, v any) error {
	resp, err := c.get(ctx, path, q, "application/json")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("dateline: reading %s: %w", path, err)
	}
	return nil
}

// Pull returns the items after cursor after ("" for the start of the
// log), waiting up to wait (whole seconds, at most 30) when there are
// none; limit 0 takes the server's default.
func (c *Client) Pull(ctx context.Context, after string, wait time.Duration, limit int) (*Page, error) {
	q := url.Values{}
	if after != "" {
		q.Set("after", after)
	}
	if wait > 0 {
		q.Set("wait", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	var p Page
	if err := c.getJSON(ctx, "/api/v1/wire", q, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// Formats of Item.
const (
	Ninjs3 = "ninjs3" // the default
	Ninjs2 = "ninjs2"
	NewsML = "newsml"
)

// Item returns version (0: the latest) of story id as ninjs 3.1.
func (c *Client) Item(ctx context.Context, id string, version int) ([]byte, error) {
	return c.ItemAs(ctx, id, version, Ninjs3)
}

// ItemAs returns version (0: the latest) of story id in format (Ninjs3,
// Ninjs2 or NewsML).
func (c *Client) ItemAs(ctx context.Context, id string, version int, format string) ([]byte, error) {
	q := url.Values{}
	if version > 0 {
		q.Set("version", strconv.Itoa(version))
	}
	accept := "application/json"
	switch format {
	case Ninjs3, "":
	case Ninjs2:
		q.Set("profile", "ninjs2")
	case NewsML:
		accept = "application/vnd.iptc.g2.newsitem+xml"
	default:
		return nil, fmt.Errorf("dateline: unknown item format %q", format)
	}
	resp, err := c.get(ctx, "/api/v1/items/"+url.PathEscape(id), q, accept)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// Search finds public stories with every word of q, newest first; before
// is the Next of the previous page.
func (c *Client) Search(ctx context.Context, q, before string, limit int) (*Page, error) {
	v := url.Values{"q": {q}}
	if before != "" {
		v.Set("before", before)
	}
	if limit > 0 {
		v.Set("limit", strconv.Itoa(limit))
	}
	var p Page
	if err := c.getJSON(ctx, "/api/v1/search", v, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// Event is one Server-Sent Event of the stream.
type Event struct {
	ID     string          // cursor: resume after it
	Action string          // publish, update, correct, kill, withhold, release
	Data   json.RawMessage // the ninjs item
}

// ErrStop may be returned by a Stream callback to end the stream without
// an error.
var ErrStop = errors.New("stop")

// Stream reads the event stream after cursor after and calls fn for each
// event until ctx ends, the connection closes or fn returns an error. It
// does not reconnect: resume with the ID of the last event fn accepted.
// A callback's ErrStop ends it with a nil error.
func (c *Client) Stream(ctx context.Context, after string, fn func(Event) error) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.BaseURL+"/api/v1/stream", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.Key)
	req.Header.Set("Accept", "text/event-stream")
	if after != "" {
		req.Header.Set("Last-Event-ID", after)
	}
	resp, err := c.http().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		e := &Error{Status: resp.StatusCode}
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		_ = json.Unmarshal(b, e)
		return e
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	var ev Event
	var data []string
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			if len(data) > 0 {
				ev.Data = json.RawMessage(strings.Join(data, "\n"))
				if err := fn(ev); err != nil {
					if errors.Is(err, ErrStop) {
						return nil
					}
					return err
				}
			}
			ev, data = Event{}, nil
			continue
		}
		if strings.HasPrefix(line, ":") {
			continue // comment: heartbeat
		}
		field, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch field {
		case "id":
			ev.ID = value
		case "event":
			ev.Action = value
		case "data":
			data = append(data, value)
		}
	}
	if err := sc.Err(); err != nil && ctx.Err() == nil {
		return err
	}
	return ctx.Err()
}

// VerifySignature checks a webhook request: signature is the
// X-Dateline-Signature header, timestamp X-Dateline-Timestamp. It refuses
// timestamps more than maxAge from now (0: no check), which stops replays.
func VerifySignature(secret, timestamp string, body []byte, signature string, maxAge time.Duration) error {
	hexSig, ok := strings.CutPrefix(signature, "sha256=")
	if !ok {
		return errors.New("dateline: signature does not start with sha256=")
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return errors.New("dateline: signature is not hexadecimal")
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp + "."))
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return errors.New("dateline: signature does not match")
	}
	if maxAge > 0 {
		ts, err := strconv.ParseInt(timestamp, 10, 64)
		if err != nil {
			return errors.New("dateline: timestamp is not Unix seconds")
		}
		if d := time.Since(time.Unix(ts, 0)); d > maxAge || d < -maxAge {
			return fmt.Errorf("dateline: timestamp is %s away from now", d.Round(time.Second))
		}
	}
	return nil
}
