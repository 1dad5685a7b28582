package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"

	"github.com/spf13/pflag"

	"github.com/euromesh/euromesh-mc/runs"
)

// version is the program version recorded in every manifest.
const version = "0.1.0"

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// usageError marks an error the user can fix by changing the command line or
// the parameter files; it exits with status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

func main() {
	ctx, stop := signalContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the command line args and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	err := withSignal(ctx, dispatch(ctx, args, stdout, stderr))
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, pflag.ErrHelp):
		// -h or --help on any command prints the full help.
		if _, err := io.WriteString(stdout, helpText); err != nil {
			return exitError
		}
		return exitOK
	}
	fmt.Fprintf(stderr, "euromesh-mc: %v\n", err)
	// A parameter that is not finite is found only once the draws begin,
	// by whichever command draws them, but it is bad input all the same.
	var u usageError
	var input *runs.NonFiniteInputError
	if errors.As(err, &u) || errors.As(err, &input) {
		return exitUsage
	}
	var sig *signalError
	if errors.As(err, &sig) {
		return sig.exitCode()
	}
	return exitError
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd, rest := "run", args[1:]
	if len(rest) > 0 && len(rest[0]) > 0 && rest[0][0] != '-' {
		cmd, rest = rest[0], rest[1:]
	}
	switch cmd {
	case "run":
		return runMain(ctx, args, rest, stdout, stderr)
	case "central":
		return runCentral(rest, stdout)
	case "sensitivity":
		return runSensitivity(ctx, rest, stdout, stderr)
	case "params":
		return runParams(rest, stdout)
	case "compare":
		return runCompare(ctx, rest, stdout, stderr)
	case "summarize":
		return runSummarize(rest, stdout)
	case "help":
		_, err := io.WriteString(stdout, helpText)
		return err
	}
	return usagef("unknown command %q; try `euromesh-mc help`", cmd)
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SortFlags = false
	return fs
}

// parseFlags parses args, turning flag errors into usage errors.
func parseFlags(fs *pflag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return err
		}
		return usagef("%s: %v", fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return usagef("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}
