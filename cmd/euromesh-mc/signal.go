package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// signalContext returns a context that is cancelled when the process
// receives one of sigs, with a *signalError naming the signal as its cause
// (context.Cause). Only the first signal is caught: its default action is
// then restored, so a second one ends the process at once. stop releases
// the handler; call it when the work is done.
func signalContext(parent context.Context, sigs ...os.Signal) (ctx context.Context,
	stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, sigs...)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			signal.Stop(ch)
			cancel(&signalError{sig: s})
		case <-done:
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			signal.Stop(ch)
			close(done)
			cancel(context.Canceled)
		})
	}
}

// signalError is the cause of a context cancelled by a signal. It matches
// context.Canceled under errors.Is.
type signalError struct{ sig os.Signal }

// Error names the signal the way a shell user knows it.
func (e *signalError) Error() string { return "interrupted by " + signalName(e.sig) }

// Is reports whether target is context.Canceled.
func (e *signalError) Is(target error) bool { return target == context.Canceled }

// exitCode returns the status of a process ended by the signal, 128 plus
// its number, as shells report it: 130 for SIGINT, 143 for SIGTERM.
func (e *signalError) exitCode() int {
	if s, ok := e.sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return exitError
}

// signalName returns the conventional name of the signals we catch.
func signalName(s os.Signal) string {
	switch s {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return s.String()
}

// withSignal returns err naming the signal that cancelled ctx, when err
// comes from that cancellation and does not name it yet, so that every
// command interrupted by a signal says so and exits with its status.
func withSignal(ctx context.Context, err error) error {
	var sig *signalError
	if err == nil || errors.As(err, &sig) || !errors.Is(err, context.Canceled) ||
		!errors.As(context.Cause(ctx), &sig) {
		return err
	}
	return fmt.Errorf("%w: %w", sig, err)
}
