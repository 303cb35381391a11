package reuters

import (
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzRead checks that Read never panics and keeps its promises on any
// input: every document it hands over either has a valid story or a
// *DocError, and a file error is an *Error.
func FuzzRead(f *testing.F) {
	full := sample(sampleDoc, sampleBrief, sampleUnproc)
	for _, s := range []string{
		full,
		full[:len(full)/2],
		sample(sampleDoc[:300], sampleBrief),
		"",
		"<REUTERS",
		"<REUTERS NEWID=\"1\"><TEXT></TEXT></REUTERS>",
		"<REUTERS NEWID=1><DATE>1-JAN-1987</DATE><TEXT><TITLE>&#x41;&#99999999;&amp</TITLE><DATELINE>X, Dec 31 - </DATELINE><BODY>\xfc\xff\n Reuter</BODY></TEXT></REUTERS>",
		"<!DOCTYPE x>\n<REUTERS>\n</REUTERS>",
		"\x00\x01\x02",
		"<!",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		err := Read(bytes.NewReader(data), "fuzz.sgm", func(d *Doc) error {
			n++
			if d.Err != nil {
				var de *DocError
				if d.Story != nil || !errors.As(d.Err, &de) || de.Line < d.Line {
					t.Fatalf("rejected doc: story %v, error %T %v", d.Story, d.Err, d.Err)
				}
				return nil
			}
			if d.Story == nil {
				t.Fatal("doc with neither story nor error")
			}
			if err := d.Story.Validate(); err != nil {
				t.Fatalf("story does not validate: %v", err)
			}
			for _, s := range []string{d.Title, d.Dateline, d.Body, d.Author, d.Story.Headline, d.Story.Text()} {
				if !utf8.ValidString(s) {
					t.Fatalf("not UTF-8: %q", s)
				}
			}
			return nil
		})
		if err != nil {
			var fe *Error
			if !errors.As(err, &fe) || fe.File != "fuzz.sgm" {
				t.Fatalf("error %T %v is not a *Error naming the file", err, err)
			}
		} else if n == 0 {
			t.Fatal("no error and no documents")
		}
	})
}
