package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPreCommitHook runs the real pre-commit framework against a throwaway
// repository of reports that uses this repository's .pre-commit-hooks.yaml:
// once through `pre-commit try-repo`, then through a .pre-commit-config.yaml
// naming both hooks. pre-commit builds pyrefcheck itself with
// `go install ./...` (language: golang), exactly as for a user.
//
// pre-commit only sees committed files (try-repo adds staged and modified
// tracked ones), so the test commits a copy of the working tree — tracked
// files and untracked ones that are not ignored — into a scratch repository
// and points pre-commit at that.
func TestPreCommitHook(t *testing.T) {
	if testing.Short() {
		t.Skip("builds pyrefcheck through pre-commit; skipped with -short")
	}
	precommit, err := exec.LookPath("pre-commit")
	if err != nil {
		t.Skip("pre-commit is not installed (Debian: apt-get install pre-commit)")
	}
	for _, tool := range []string{"git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	root := repoRoot(t)
	if _, err := os.Stat(filepath.Join(root, ".git")); err != nil {
		t.Skip("not a git checkout: cannot list the files to copy")
	}

	env := preCommitEnv(t)
	hookRepo := filepath.Join(t.TempDir(), "pyrefcheck")
	copyWorkTree(t, root, hookRepo)
	git(t, hookRepo, env, "init", "-q")
	git(t, hookRepo, env, "add", "-A", "-f")
	git(t, hookRepo, env, "commit", "-q", "-m", "snapshot of the working tree")

	reports := filepath.Join(t.TempDir(), "reports")
	files := map[string]string{
		"good.md": "Tested on Python 3.12.1.\n\nDeeply nested arrays make `json.loads` raise RecursionError.\n\n" +
			"```python\nimport json\njson.loads('[' * 100000 + ']' * 100000)\n```\n",
		"bad.md":        "Tested on Python 3.12.1.\n\n```python\nimport tarfile\nwith tarfile.open('x.tar') as tf:\n    tf.safe_extractall('out')\n```\n",
		"batch.jsonl":   `{"id": "1", "body": "Tested on Python 3.12.1. The helper ` + "`shlex.quote_all`" + ` is broken."}` + "\n",
		"reports.json":  `[{"id": "j1", "body": "Tested on Python 3.12.1. The helper ` + "`os.path.joinn`" + ` is broken."}]`,
		"notes/todo.py": "print('not a report: no hook runs on .py files')\n",
	}
	for name, text := range files {
		p := filepath.Join(reports, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git(t, reports, env, "init", "-q")
	git(t, reports, env, "add", "-A")

	preCommit := func(args ...string) (string, int) {
		t.Helper()
		cmd := exec.Command(precommit, args...)
		cmd.Dir = reports
		cmd.Env = env
		start := time.Now()
		out, err := cmd.CombinedOutput()
		code := 0
		if err != nil {
			ee, ok := err.(*exec.ExitError)
			if !ok {
				t.Fatalf("pre-commit %s: %v\n%s", strings.Join(args, " "), err, out)
			}
			code = ee.ExitCode()
		}
		t.Logf("pre-commit %s: exit %d in %s\n%s", strings.Join(args, " "), code, time.Since(start).Round(time.Millisecond), out)
		return string(out), code
	}

	// try-repo: what a hook author runs before tagging (it builds the
	// hook's environment in a store of its own, so it is used once).
	out, code := preCommit("try-repo", hookRepo, "pyrefcheck", "--color", "never", "--files", "good.md", "notes/todo.py")
	if code != 0 || !strings.Contains(out, "Passed") {
		t.Fatalf("good report: exit %d, want 0 and Passed:\n%s", code, out)
	}

	// A user's .pre-commit-config.yaml with both hooks of the manifest.
	rev, err := exec.Command("git", "-C", hookRepo, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	config := "repos:\n  - repo: " + hookRepo + "\n    rev: " + strings.TrimSpace(string(rev)) + "\n    hooks:\n      - id: pyrefcheck\n      - id: pyrefcheck-json\n"
	if err := os.WriteFile(filepath.Join(reports, ".pre-commit-config.yaml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, reports, env, "add", ".pre-commit-config.yaml")

	out, code = preCommit("run", "--color", "never", "--files", "good.md", "bad.md", "batch.jsonl")
	if code != 1 || !strings.Contains(out, "Failed") {
		t.Fatalf("bad reports: exit %d, want 1 and Failed:\n%s", code, out)
	}
	for _, want := range []string{"bad.md:", "error[hallucinated-attribute]", "tarfile.TarFile.safe_extractall", "shlex.quote_all"} {
		if !strings.Contains(out, want) {
			t.Errorf("bad reports: output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "good.md:") {
		t.Errorf("good.md has a finding:\n%s", out)
	}

	// The default hook leaves .json alone; pyrefcheck-json checks it.
	out, code = preCommit("run", "--color", "never", "--files", "reports.json")
	if code != 1 || !strings.Contains(out, "Skipped") || !strings.Contains(out, "os.path.joinn") {
		t.Errorf("reports.json: exit %d, want 1, pyrefcheck skipped and pyrefcheck-json finding os.path.joinn:\n%s", code, out)
	}
}

// preCommitEnv isolates pre-commit's store and git identity, and shares
// this machine's Go module and build caches: pre-commit sets GOPATH to the
// hook's environment, which would otherwise mean a fresh module download.
func preCommitEnv(t *testing.T) []string {
	t.Helper()
	goenv := func(name string) string {
		out, err := exec.Command("go", "env", name).Output()
		if err != nil {
			t.Fatalf("go env %s: %v", name, err)
		}
		return strings.TrimSpace(string(out))
	}
	env := os.Environ()
	env = append(env,
		"PRE_COMMIT_HOME="+t.TempDir(),
		"GOMODCACHE="+goenv("GOMODCACHE"),
		"GOCACHE="+goenv("GOCACHE"),
		"GOTOOLCHAIN=local",
		// -trimpath keeps the build cache keys free of the clone's path, so
		// the second build of the hook reuses the first one's work.
		"GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -trimpath"),
		"GIT_AUTHOR_NAME=pyrefcheck test", "GIT_AUTHOR_EMAIL=test@example.invalid",
		"GIT_COMMITTER_NAME=pyrefcheck test", "GIT_COMMITTER_EMAIL=test@example.invalid",
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
		"NO_COLOR=1",
	)
	return env
}

func git(t *testing.T, dir string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// copyWorkTree copies the files git would commit (tracked, or untracked and
// not ignored) into dst: what a clone of the next commit would hold.
func copyWorkTree(t *testing.T, root, dst string) {
	t.Helper()
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	names := strings.Split(strings.TrimRight(string(out), "\x00"), "\x00")
	for _, name := range names {
		src := filepath.Join(root, name)
		fi, err := os.Lstat(src)
		if err != nil || !fi.Mode().IsRegular() {
			continue // deleted in the work tree, or not a plain file
		}
		if err := copyFile(src, filepath.Join(dst, name), fi.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dst, ".pre-commit-hooks.yaml")); err != nil {
		t.Fatalf(".pre-commit-hooks.yaml was not copied: %v", err)
	}
}

func copyFile(src, dst string, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
