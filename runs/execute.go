package runs

import (
	"context"
	"fmt"
	"runtime"

	"golang.org/x/sync/errgroup"

	"github.com/euromesh/euromesh-mc/model"
	"github.com/euromesh/euromesh-mc/params"
	"github.com/euromesh/euromesh-mc/sampler"
)

// ChunkSize is the number of draws a worker computes at a time. It affects
// only speed and memory, never the results.
const ChunkSize = 2048

// Chunk holds the inputs and outputs of the draws [Start, Start+N).
type Chunk struct {
	Start int64
	N     int
	// Values holds each draw's parameter values, row-major in the order of
	// Binding.Names: Values[k*len(names)+j].
	Values []float64
	// Region is the index of each draw's campus region.
	Region  []int
	Results []*model.Result
	// NonFinite marks the draws with a faulty (non-finite) output; see
	// NonFiniteFile. It may be nil when no draw has been checked.
	NonFinite []bool

	u []float64 // uniforms, row-major by sampling dimension
}

// Executor runs draws of one parameter set through the model on a pool of
// workers and hands the chunks, in draw order, to a consumer.
type Executor struct {
	Binding *params.Binding
	Sampler sampler.Sampler
	// Workers is the number of goroutines computing draws; 0 means
	// runtime.GOMAXPROCS(0). The results do not depend on it.
	Workers int
}

// Run computes draws [first, last) and calls consume for each chunk in order
// of draws, from the calling goroutine. A chunk is reused after consume
// returns, so consume must copy what it keeps. Run stops at the first error
// from a worker, from consume, or from ctx.
func (e *Executor) Run(ctx context.Context, first, last int64, consume func(*Chunk) error) error {
	workers := e.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0) // the model is CPU-bound
	}
	nChunks := int((last - first + ChunkSize - 1) / ChunkSize)
	if nChunks <= 0 {
		return nil
	}
	// Each worker holds two chunks of memory; more workers than chunks
	// would only hold memory.
	workers = min(workers, nChunks)
	names, dims := len(e.Binding.Names()), e.Sampler.Dims()

	// A fixed number of chunks circulate: free → worker → reorder → consume →
	// free. This bounds memory to 2·workers chunks whatever the run size.
	free := make(chan *Chunk, 2*workers)
	for i := 0; i < 2*workers; i++ {
		c := &Chunk{Values: make([]float64, ChunkSize*names), Region: make([]int, ChunkSize),
			Results: make([]*model.Result, ChunkSize), u: make([]float64, ChunkSize*dims)}
		for k := range c.Results {
			c.Results[k] = model.NewResult(e.Binding.Regions(), e.Binding.MaxSites())
		}
		free <- c
	}
	type job struct {
		index int
		chunk *Chunk
	}
	todo := make(chan job)
	done := make(chan job, 2*workers)

	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		defer close(todo)
		for i := 0; i < nChunks; i++ {
			var c *Chunk
			select {
			case c = <-free:
			case <-gctx.Done():
				return gctx.Err()
			}
			c.Start = first + int64(i)*ChunkSize
			c.N = int(min(int64(ChunkSize), last-c.Start))
			select {
			case todo <- job{i, c}:
			case <-gctx.Done():
				return gctx.Err()
			}
		}
		return nil
	})
	var compute errgroup.Group
	for w := 0; w < workers; w++ {
		compute.Go(func() error {
			in := e.Binding.NewInputs()
			ws := model.NewWorkspace(e.Binding.MaxSites())
			for j := range todo {
				if err := e.compute(j.chunk, in, ws, names, dims); err != nil {
					return err
				}
				select {
				case done <- j:
				case <-gctx.Done():
					return gctx.Err()
				}
			}
			return nil
		})
	}
	g.Go(func() error {
		err := compute.Wait()
		close(done)
		return err
	})
	g.Go(func() error {
		pending := map[int]*Chunk{}
		next := 0
		for j := range done {
			pending[j.index] = j.chunk
			for c, ok := pending[next]; ok; c, ok = pending[next] {
				delete(pending, next)
				if err := consume(c); err != nil {
					return err
				}
				free <- c
				next++
			}
		}
		if next != nChunks && gctx.Err() == nil {
			return fmt.Errorf("internal error: %d of %d chunks delivered", next, nChunks)
		}
		return gctx.Err()
	})
	return g.Wait()
}

// compute fills one chunk: uniforms, parameter values, model results.
func (e *Executor) compute(c *Chunk, in *model.Inputs, ws *model.Workspace, names, dims int) error {
	u := c.u[:c.N*dims]
	if err := e.Sampler.Fill(c.Start, c.N, u); err != nil {
		return fmt.Errorf("sample draws %d-%d: %w", c.Start, c.Start+int64(c.N), err)
	}
	for k := 0; k < c.N; k++ {
		vals := c.Values[k*names : (k+1)*names]
		c.Region[k] = e.Binding.Values(u[k*dims:(k+1)*dims], vals)
		e.Binding.Fill(vals, c.Region[k], in)
		model.Evaluate(in, ws, c.Results[k])
		if err := e.checkDraw(c, k, in); err != nil {
			return err
		}
	}
	return nil
}
