package params

import (
	"fmt"
	"io"
	"io/fs"
)

// MaxFileSize is the largest parameter, scenario or correlation file read.
// The default files are tens of kilobytes; a larger file is a mistake (a data
// file or a device named by accident), refused before it is read.
const MaxFileSize = 16 << 20

// ReadFile reads name from fsys like fs.ReadFile, but only a regular file of
// at most MaxFileSize bytes: a directory, a device, a FIFO (which would block)
// or a huge file is an error, never read.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (%s)", name, st.Mode().Type())
	}
	if st.Size() > MaxFileSize {
		return nil, fmt.Errorf("%s has %d bytes, more than the %d a parameter file may have",
			name, st.Size(), MaxFileSize)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// A file that grows while it is read is still cut at the limit.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s grew past %d bytes while being read", name, MaxFileSize)
	}
	return data, nil
}
