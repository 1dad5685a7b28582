package params

import (
	"embed"
	"io/fs"
)

//go:embed defaults/*.yaml
var embedded embed.FS

// defaults returns the embedded default parameter directory.
func defaults() fs.FS {
	sub, err := fs.Sub(embedded, "defaults")
	if err != nil {
		panic("params: embedded defaults missing: " + err.Error())
	}
	return sub
}

// Defaults returns the embedded default parameter directory, for export.
func Defaults() fs.FS { return defaults() }
