package wire

import (
	_ "embed"
	"net/http"
)

//go:embed openapi.json
var openAPIDoc []byte

// OpenAPI returns the OpenAPI 3.1 description of the wire API.
func OpenAPI() []byte { return openAPIDoc }

func (w *Wire) handleOpenAPI(rw http.ResponseWriter, r *http.Request) {
	rw.Header().Set("Content-Type", "application/json; charset=utf-8")
	rw.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = rw.Write(openAPIDoc)
}
