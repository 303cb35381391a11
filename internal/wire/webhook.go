package wire

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/dateline-news/dateline/internal/formats/ninjs"
	"github.com/dateline-news/dateline/internal/store"
)

// Webhook request headers.
const (
	HeaderSignature = "X-Dateline-Signature" // sha256=HEX(HMAC-SHA256(secret, timestamp + "." + body))
	HeaderTimestamp = "X-Dateline-Timestamp" // Unix seconds
	HeaderEventID   = "X-Dateline-Event-Id"  // the event's cursor
	HeaderEvent     = "X-Dateline-Event"     // the action: publish, update, correct, kill, ...
)

// Sign returns the X-Dateline-Signature value of body sent at timestamp.
func Sign(secret, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp))
	mac.Write([]byte("."))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// webhookBatch is how many events a worker reads at a time.
const webhookBatch = 50

// Run delivers webhooks until ctx ends: one worker per enabled subscriber
// with a webhook, each holding a lease on its endpoint, so that several
// nodes never send the same event. It looks for new, changed and removed
// webhooks every WebhookScan.
func (wr *Wire) Run(ctx context.Context) error {
	type worker struct {
		conf   string
		cancel context.CancelFunc
		done   chan struct{}
	}
	workers := map[int64]*worker{}
	var wg sync.WaitGroup
	defer func() {
		for _, wk := range workers {
			wk.cancel()
		}
		wg.Wait()
	}()
	t := time.NewTicker(wr.cfg.WebhookScan)
	defer t.Stop()
	for {
		subs, err := wr.st.ListSubscribers(ctx)
		if err != nil && ctx.Err() == nil {
			wr.log.Error("webhooks: list subscribers", "err", err)
		}
		want := map[int64]string{}
		for _, s := range subs {
			if s.Enabled && s.WebhookURL != "" {
				want[s.ID] = s.WebhookURL + "\x00" + s.WebhookSecret + "\x00" + s.Filter + "\x00" + strconv.FormatBool(s.EmbargoAccess)
			}
		}
		for id, wk := range workers {
			select {
			case <-wk.done:
				delete(workers, id) // ended by itself: start again below if still wanted
				continue
			default:
			}
			if conf, ok := want[id]; !ok || conf != wk.conf {
				wk.cancel()
				<-wk.done
				delete(workers, id)
			}
		}
		if err == nil {
			for id, conf := range want {
				if _, ok := workers[id]; ok {
					continue
				}
				wctx, cancel := context.WithCancel(ctx)
				wk := &worker{conf: conf, cancel: cancel, done: make(chan struct{})}
				workers[id] = wk
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer close(wk.done)
					wr.deliver(wctx, id)
				}()
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// sleep waits d or until ctx ends; it reports whether ctx is still live.
func sleep(ctx context.Context, d time.Duration, wake <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
	case <-wake:
	}
	return true
}

func (wr *Wire) retryDelay(attempts int) time.Duration {
	s := wr.cfg.WebhookRetry
	return s[min(max(attempts-1, 0), len(s)-1)]
}

// deliver runs one subscriber's webhook until ctx ends or the webhook is
// removed or disabled.
func (wr *Wire) deliver(ctx context.Context, id int64) {
	owner := wr.cfg.NodeID
	lease := wr.cfg.WebhookLease
	defer func() {
		// A fresh context: ctx is usually done by now.
		rctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = wr.st.ReleaseWebhook(rctx, id, owner)
	}()
	for ctx.Err() == nil {
		now := time.Now()
		ok, err := wr.st.ClaimWebhook(ctx, id, owner, now, now.Add(lease))
		if err != nil || !ok {
			if err != nil && ctx.Err() == nil {
				wr.log.Error("webhook: claim lease", "subscriber", id, "err", err)
			}
			if !sleep(ctx, lease/4, nil) {
				return
			}
			continue
		}
		renewAt := now.Add(lease / 2)
		s, err := wr.st.Subscriber(ctx, id)
		if err != nil || !s.Enabled || s.WebhookURL == "" {
			return
		}
		f, err := ParseFilter(s.Filter)
		if err != nil {
			wr.log.Error("webhook: bad stored filter", "subscriber", s.Name, "err", err)
			return
		}
		sub := &subscriber{Subscriber: s, filter: f}
		state, err := wr.st.WebhookState(ctx, id)
		if err != nil {
			if !errors.Is(err, store.ErrNotFound) && ctx.Err() == nil {
				wr.log.Error("webhook: state", "subscriber", s.Name, "err", err)
			}
			return
		}
		if d := time.Until(state.NextAttemptAt); d > 0 {
			sleep(ctx, min(d, time.Until(renewAt)), nil)
			continue
		}
		changed := wr.hub.Changed()
		out, next, more, err := wr.scan(ctx, sub, state.DeliveredSeq, webhookBatch, ninjs.Profile31)
		if err != nil {
			if ctx.Err() == nil {
				wr.log.Error("webhook: read the log", "subscriber", s.Name, "err", err)
				sleep(ctx, time.Second, nil)
			}
			continue
		}
		done, attempts := state.DeliveredSeq, state.Attempts
		failed := false
		for _, d := range out {
			if time.Now().After(renewAt) {
				break // renew the lease first
			}
			err := wr.send(ctx, s, d)
			if ctx.Err() != nil {
				return
			}
			now := time.Now()
			if err != nil {
				if d.seq-1 > done { // the filtered-out events before d are done
					if err := wr.st.AdvanceWebhook(ctx, id, owner, d.seq-1, 0, now); err != nil {
						break
					}
					attempts = 0
				}
				attempts++
				if err2 := wr.st.FailWebhook(ctx, id, owner, err.Error(), now, now.Add(wr.retryDelay(attempts))); err2 != nil && ctx.Err() == nil {
					wr.log.Error("webhook: record failure", "subscriber", s.Name, "err", err2)
				}
				wr.log.Warn("webhook delivery failed", "subscriber", s.Name, "event", EncodeCursor(d.seq), "attempt", attempts, "err", err)
				failed = true
				break
			}
			if err := wr.st.AdvanceWebhook(ctx, id, owner, d.seq, 1, now); err != nil {
				if ctx.Err() == nil {
					wr.log.Error("webhook: record delivery", "subscriber", s.Name, "err", err)
				}
				failed = true
				break
			}
			done, attempts = d.seq, 0
		}
		if failed || len(out) > 0 && done != out[len(out)-1].seq {
			continue
		}
		if next > done { // a filtered-out tail
			if err := wr.st.AdvanceWebhook(ctx, id, owner, next, 0, time.Now()); err != nil && ctx.Err() == nil {
				wr.log.Error("webhook: record progress", "subscriber", s.Name, "err", err)
			}
		}
		if more || len(out) > 0 {
			continue
		}
		if !sleep(ctx, min(wr.cfg.PollInterval, time.Until(renewAt)), changed) {
			return
		}
	}
}

// send POSTs one event; any answer but 2xx is an error.
func (wr *Wire) send(ctx context.Context, s *store.Subscriber, d delivery) error {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.WebhookURL, bytes.NewReader(d.item))
	if err != nil {
		return fmt.Errorf("bad webhook url: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Dateline-Webhook/1")
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, Sign(s.WebhookSecret, ts, d.item))
	req.Header.Set(HeaderEventID, EncodeCursor(d.seq))
	req.Header.Set(HeaderEvent, string(d.action))
	resp, err := wr.hook.Do(req)
	if err != nil {
		return deliveryError(err, wr.cfg.WebhookTimeout)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return nil
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return fmt.Errorf("endpoint redirected (%d to %q); redirects are not followed: configure the final URL", resp.StatusCode, resp.Header.Get("Location"))
	}
	return fmt.Errorf("endpoint answered %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
}

// deliveryError says why a POST got no answer in words that are useful to
// an admin but never tell an internal address's port state apart (refused,
// reset, unreachable are one answer; refused addresses are never dialled).
func deliveryError(err error, timeout time.Duration) error {
	var ne net.Error
	var dns *net.DNSError
	var cert *tls.CertificateVerificationError
	switch {
	case errors.Is(err, ErrWebhookAddress):
		return ErrWebhookAddress
	case errors.As(err, &dns):
		return errors.New("the endpoint's host name does not resolve")
	case errors.As(err, &cert):
		return errors.New("the endpoint's TLS certificate is not trusted")
	case errors.As(err, &ne) && ne.Timeout():
		return fmt.Errorf("no answer within %s", timeout)
	}
	return errors.New("could not connect to the endpoint, or it closed the connection without an answer")
}
