package params

import (
	"fmt"
	"strings"
)

// Error is one problem in a parameter set, located as precisely as the input
// allows.
type Error struct {
	File     string // file name within the parameter directory, or a flag name
	Line     int    // 1-based line, 0 when unknown
	Param    string // parameter or table entry, empty when the problem is the file
	Found    string // the offending value as written, empty when missing
	Expected string // what would have been accepted
}

// Error implements error: "file:line: param: found X, expected Y".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Param != "" {
		b.WriteString(e.Param)
		b.WriteString(": ")
	}
	if e.Found != "" {
		fmt.Fprintf(&b, "found %s, ", e.Found)
	}
	b.WriteString("expected ")
	b.WriteString(e.Expected)
	return b.String()
}

// Errors is every problem found in a parameter set, in file order.
type Errors []*Error

// Error implements error, one problem per line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the individual problems, for errors.As.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// errs collects problems while a set is read.
type errs struct{ list Errors }

// add records a problem; the same problem reported twice is kept once.
func (c *errs) add(file string, line int, param, found, expected string) {
	e := &Error{File: file, Line: line, Param: param, Found: found, Expected: expected}
	for _, old := range c.list {
		if *old == *e {
			return
		}
	}
	c.list = append(c.list, e)
}

func (c *errs) err() error {
	if len(c.list) == 0 {
		return nil
	}
	return c.list
}
