package wire

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/store"
)

// KeyPrefix starts every subscriber API key, so that a leaked key is
// recognisable (secret scanners, logs).
const KeyPrefix = "dlw_"

// SecretPrefix starts every webhook signing secret.
const SecretPrefix = "dlwhs_"

var keyEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

func randomToken(prefix string) string {
	b := make([]byte, 25)
	_, _ = rand.Read(b)
	return prefix + keyEncoding.EncodeToString(b)
}

// HashKey is the stored form of an API key.
func HashKey(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}

func keyHint(key string) string { return key[:min(len(key), len(KeyPrefix)+6)] + "…" }

// MaxNameLen bounds a subscriber name.
const MaxNameLen = 200

// NameError says why a subscriber name is refused.
type NameError struct{ Reason string }

func (e *NameError) Error() string { return "subscriber name " + e.Reason }

// AddSubscriber creates an enabled subscriber and returns its API key,
// which is shown only this once. It refuses an empty or taken name and a
// filter with invalid syntax (a *FilterError).
func AddSubscriber(ctx context.Context, st store.Subscribers, name string, embargoAccess bool, filter string) (key string, err error) {
	_, key, err = addSubscriber(ctx, st, name, embargoAccess, filter, time.Now())
	return key, err
}

func addSubscriber(ctx context.Context, st store.Subscribers, name string, embargoAccess bool, filter string, now time.Time) (*store.Subscriber, string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, "", &NameError{"is empty"}
	}
	if !utf8.ValidString(name) || utf8.RuneCountInString(name) > MaxNameLen {
		return nil, "", &NameError{fmt.Sprintf("must be valid UTF-8 of at most %d characters", MaxNameLen)}
	}
	if _, err := ParseFilter(filter); err != nil {
		return nil, "", err
	}
	key := randomToken(KeyPrefix)
	s := &store.Subscriber{Name: name, KeyHash: HashKey(key), KeyHint: keyHint(key), Enabled: true,
		EmbargoAccess: embargoAccess, Filter: strings.TrimSpace(filter), CreatedAt: now.UTC()}
	ctx = store.WithAudit(ctx, &store.AuditEntry{At: now.UTC(), Action: "subscriber-create",
		Detail: fmt.Sprintf("%s: embargo access %v, filter %q", name, embargoAccess, s.Filter)})
	if err := st.CreateSubscriber(ctx, s); err != nil {
		return nil, "", err
	}
	return s, key, nil
}

// RotateKey gives subscriber id a new API key (the old one stops working
// at once) and returns it.
func RotateKey(ctx context.Context, st store.Subscribers, id int64) (string, error) {
	s, err := st.Subscriber(ctx, id)
	if err != nil {
		return "", err
	}
	key := randomToken(KeyPrefix)
	s.KeyHash, s.KeyHint = HashKey(key), keyHint(key)
	ctx = store.WithAudit(ctx, &store.AuditEntry{Action: "subscriber-rotate-key", Detail: s.Name})
	if err := st.UpdateSubscriber(ctx, s); err != nil {
		return "", err
	}
	return key, nil
}

// SetEnabled enables or disables subscriber id. A disabled subscriber's
// key is refused and its webhook stops.
func SetEnabled(ctx context.Context, st store.Subscribers, id int64, enabled bool) error {
	s, err := st.Subscriber(ctx, id)
	if err != nil {
		return err
	}
	s.Enabled = enabled
	op := "subscriber-disable"
	if enabled {
		op = "subscriber-enable"
	}
	return st.UpdateSubscriber(store.WithAudit(ctx, &store.AuditEntry{Action: op, Detail: s.Name}), s)
}

// SetWebhook points subscriber id's webhook at endpoint (checked by
// policy: HTTPS to a public address unless the operator allows private
// ones) starting after change-log seq from, and returns the new signing
// secret. An empty endpoint removes the webhook.
func SetWebhook(ctx context.Context, st store.Subscribers, id int64, endpoint string, from int64, policy WebhookPolicy) (secret string, err error) {
	if endpoint == "" {
		return "", st.SetWebhook(store.WithAudit(ctx, &store.AuditEntry{Action: "subscriber-webhook", Detail: fmt.Sprintf("subscriber %d: webhook removed", id)}), id, "", "", 0)
	}
	if err := policy.CheckURL(ctx, endpoint); err != nil {
		return "", err
	}
	secret = randomToken(SecretPrefix)
	ctx = store.WithAudit(ctx, &store.AuditEntry{Action: "subscriber-webhook", Detail: fmt.Sprintf("subscriber %d: webhook %s from event %d", id, endpoint, from)})
	if err := st.SetWebhook(ctx, id, endpoint, secret, from); err != nil {
		return "", err
	}
	return secret, nil
}
