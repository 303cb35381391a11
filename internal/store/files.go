package store

import (
	"fmt"
	"os"
	"path/filepath"
)

// Data files hold drafts, embargoed copy and webhook secrets: they are
// created readable by their owner alone, and so are the folders made for
// them.
const (
	PrivateFile os.FileMode = 0o600
	PrivateDir  os.FileMode = 0o700
)

// CreatePrivate creates path as an empty file only its owner may read
// (0600), making missing folders 0700. It fails if path exists.
func CreatePrivate(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), PrivateDir); err != nil {
		return fmt.Errorf("create folder for %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, PrivateFile)
	if err != nil {
		return err
	}
	return f.Close()
}

// MakePrivate takes group and other permissions away from the files that
// exist of paths (a database made by an older version).
func MakePrivate(paths ...string) error {
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm()&0o077 == 0 {
			continue
		}
		if err := os.Chmod(p, fi.Mode().Perm()&0o700); err != nil {
			return fmt.Errorf("make %s private: %w", p, err)
		}
	}
	return nil
}
