// Package config holds Dateline's settings, read from flags and the
// environment by cmd/dateline, with defaults and validation.
package config

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/dateline-news/dateline/internal/httpx"
)

// Config is every setting of a Dateline process.
type Config struct {
	Addr    string // listen address
	DB      string // sqlite:PATH or postgres://...
	BaseURL string // absolute URL readers see; derived from Addr when empty
	Demo    bool   // load demo stories into an empty database

	// TrustedProxies lists the reverse proxies (addresses and CIDR
	// prefixes, comma-separated) whose X-Forwarded-For names the client.
	TrustedProxies string
	// MetricsAddr, when set, serves /metrics there without a token (keep
	// it off the public network); /metrics on Addr needs an admin token.
	MetricsAddr string
	// AccessLog logs one structured line per request. Default on.
	AccessLog bool
	// PageCacheBytes bounds the in-memory page cache. Default 64 MiB.
	PageCacheBytes int64
	// AllowPrivateWebhooks lets webhooks reach loopback, private and
	// link-local addresses (a test rig, a webhook receiver on the same
	// private network). Off by default: such URLs are refused.
	AllowPrivateWebhooks bool
}

// Default returns the settings a new user gets.
func Default() Config {
	return Config{Addr: "127.0.0.1:8080", DB: "sqlite:./data/dateline.db", AccessLog: true, PageCacheBytes: 64 << 20}
}

// Engine says which store a DB setting selects and the engine's own
// locator (a file path for SQLite, the URL for PostgreSQL).
func Engine(db string) (engine, locator string, err error) {
	switch {
	case strings.HasPrefix(db, "sqlite:"):
		p := strings.TrimPrefix(db, "sqlite:")
		p = strings.TrimPrefix(p, "//")
		if p == "" {
			return "", "", errors.New("--db sqlite: needs a file path, e.g. sqlite:./data/dateline.db")
		}
		return "sqlite", p, nil
	case strings.HasPrefix(db, "postgres://"), strings.HasPrefix(db, "postgresql://"):
		return "postgres", db, nil
	}
	return "", "", fmt.Errorf("--db %q: want sqlite:PATH or postgres://...", db)
}

// Validate checks the settings and fills derived ones.
func (c *Config) Validate() error {
	if _, _, err := Engine(c.DB); err != nil {
		return err
	}
	if c.Addr == "" {
		return errors.New("--addr is empty")
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--base-url %q: want an absolute http(s) URL", c.BaseURL)
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if _, err := httpx.ParseProxies(c.TrustedProxies); err != nil {
		return fmt.Errorf("--trusted-proxies: %w", err)
	}
	if c.PageCacheBytes < 0 {
		return fmt.Errorf("--page-cache-bytes %d: want 0 (the default, 64 MiB) or more", c.PageCacheBytes)
	}
	if c.MetricsAddr != "" && c.MetricsAddr == c.Addr {
		return errors.New("--metrics-addr: must differ from --addr (on --addr, /metrics needs an admin token anyway)")
	}
	return nil
}
