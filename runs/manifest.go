package runs

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ProgramName is the value of Manifest.Program for runs of this program.
const ProgramName = "euromesh-mc"

// ManifestName is the file name of the manifest inside a run directory.
const ManifestName = "manifest.json"

// Manifest describes a run: what was computed, from which inputs, and the
// checksum of each output file. Together with the parameters it identifies,
// it is enough to reproduce the run's files byte for byte.
type Manifest struct {
	// Program is always ProgramName.
	Program string `json:"program"`
	// Version is the program version that made the run.
	Version string `json:"version"`
	// Seed is the run seed from which every random stream is derived.
	Seed uint64 `json:"seed"`
	// Draws is the size of the whole run, across all shards.
	Draws int64 `json:"draws"`
	// Sampler names the sampling design.
	Sampler string `json:"sampler"`
	// Shard is "I/N" for shard I of N, or empty for an unsharded run.
	Shard string `json:"shard"`
	// FirstDraw is the index of the first draw in this run's files.
	FirstDraw int64 `json:"first_draw"`
	// LastDraw is one past the index of the last draw in this run's files.
	LastDraw int64 `json:"last_draw"`
	// ParamsHash identifies the parameter set that was used.
	ParamsHash string `json:"params_hash"`
	// ParamsSource says where the parameters came from: a directory, or
	// "embedded defaults".
	ParamsSource string `json:"params_source"`
	// Scenario names the scenario that was run.
	Scenario string `json:"scenario"`
	// Correlations identifies the dependence between the draws: "none", or
	// a hash of the rank correlations imposed (see correlations.yaml).
	Correlations string `json:"correlations"`
	// Overrides lists the parameter overrides in the order given.
	Overrides []string `json:"overrides"`
	// CommandLine is the full command line, program name first.
	CommandLine []string `json:"command_line"`
	// Workers is the number of workers that computed the run. It is
	// informational only: results do not depend on it.
	Workers int `json:"workers"`
	// Created is the time the run was made, in RFC 3339 format. It is the
	// only field that differs between two runs of the same command.
	Created string `json:"created"`
	// Files maps the name of each output file, relative to the run
	// directory, to the hex SHA-256 of its contents.
	Files map[string]string `json:"files"`
}

// WriteManifest writes m to path as indented JSON, replacing any existing
// file atomically: it writes a temporary file in the same directory, syncs
// it and renames it over path. Nil lists and maps are written as empty ones
// so that every field is always present.
func WriteManifest(path string, m *Manifest) error {
	c := *m
	if c.Overrides == nil {
		c.Overrides = []string{}
	}
	if c.CommandLine == nil {
		c.CommandLine = []string{}
	}
	if c.Files == nil {
		c.Files = map[string]string{}
	}
	data, err := json.MarshalIndent(&c, "", "  ")
	if err != nil {
		return fmt.Errorf("write manifest %s: %w", path, err)
	}
	data = append(data, '\n')

	if err := writeFileAtomic(path, data); err != nil {
		return fmt.Errorf("write manifest %s: %w", path, err)
	}
	return nil
}

// writeFileAtomic replaces path with data through a synced temporary file
// in the same directory.
func writeFileAtomic(path string, data []byte) error {
	dir, base := filepath.Split(path)
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // fails harmlessly once renamed

	if err := f.Chmod(0o644); err != nil { // CreateTemp makes it private
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// ReadManifest reads the manifest at path. It fails if the file is not a
// JSON object, holds trailing data, or was not written by this program.
// Unknown fields are ignored, so manifests of later versions can be read.
func ReadManifest(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	m := new(Manifest)
	if err := dec.Decode(m); err != nil {
		return nil, fmt.Errorf("read manifest %s: %w", path, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("read manifest %s: trailing data after the JSON object", path)
	}
	if m.Program != ProgramName {
		return nil, fmt.Errorf("read manifest %s: program is %q, want %q",
			path, m.Program, ProgramName)
	}
	return m, nil
}

// FileSHA256 returns the hex SHA-256 of the contents of the file at path.
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("hash file: %w", err)
	}
	defer f.Close()

	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hash file %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
