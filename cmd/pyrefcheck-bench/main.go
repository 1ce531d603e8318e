// Command pyrefcheck-bench measures pyrefcheck as users run it: whole
// processes (wall time measured around the process; peak memory from
// /usr/bin/time -v), on batches generated from varied report templates,
// and prints medians against the performance targets.
//
//	go run ./cmd/pyrefcheck-bench [-runs 5] [-sizes 10000,100000]
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

func main() {
	runs := flag.Int("runs", 5, "runs per measurement (the median is reported)")
	sizes := flag.String("sizes", "10000,100000", "batch sizes to measure")
	writeOnly := flag.String("write-batch", "", "only write a batch of -n reports to this file (for profiling)")
	n := flag.Int("n", 10000, "reports in the batch -write-batch writes")
	flag.Parse()
	if *writeOnly != "" {
		if err := writeBatch(*writeOnly, *n); err != nil {
			fmt.Fprintln(os.Stderr, "pyrefcheck-bench:", err)
			os.Exit(1)
		}
		return
	}
	if err := bench(*runs, *sizes); err != nil {
		fmt.Fprintln(os.Stderr, "pyrefcheck-bench:", err)
		os.Exit(1)
	}
}

type measure struct {
	wall   time.Duration
	maxRSS int64 // KiB
}

func bench(runs int, sizes string) error {
	dir, err := os.MkdirTemp("", "pyrefcheck-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "pyrefcheck")
	build := exec.Command("go", "build", "-o", bin, "./cmd/pyrefcheck")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building: %w", err)
	}
	one := filepath.Join(dir, "one.md")
	if err := os.WriteFile(one, []byte(templates[0]), 0o644); err != nil {
		return err
	}
	fmt.Printf("pyrefcheck benchmark: %d runs each, medians; %s\n\n", runs, machine())
	fmt.Printf("%-36s %12s %12s %14s %10s\n", "measurement", "median", "peak RSS", "target", "ratio")
	m, err := repeat(runs, bin, "verify", "--fail-on", "never", one)
	if err != nil {
		return err
	}
	row("one report, process start to exit", fmtDur(m.wall), m.maxRSS, "<= 30 ms", float64(m.wall)/float64(30*time.Millisecond))
	for _, f := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return err
		}
		batch := filepath.Join(dir, fmt.Sprintf("batch-%d.jsonl", n))
		if err := writeBatch(batch, n); err != nil {
			return err
		}
		m, err := repeat(runs, bin, "verify", "--format", "summary", "--fail-on", "never", batch)
		if err != nil {
			return err
		}
		rate := float64(n) / m.wall.Seconds()
		row(fmt.Sprintf("batch of %d reports (%.0f/s)", n, rate), fmtDur(m.wall), m.maxRSS, ">= 5000/s", 5000/rate)
		row(fmt.Sprintf("  peak RSS, %d reports", n), "", m.maxRSS, "<= 300 MB", float64(m.maxRSS)/(300*1024))
	}
	fmt.Println("\nratio: measured / target for limits, target / measured for rates (below 1 meets the target)")
	return nil
}

func row(name, median string, rss int64, target string, ratio float64) {
	fmt.Printf("%-36s %12s %10.1f MB %14s %10.2f\n", name, median, float64(rss)/1024, target, ratio)
}

func fmtDur(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

var maxRSS = regexp.MustCompile(`Maximum resident set size \(kbytes\): (\d+)`)

// repeat runs a command runs times and returns the median wall time of
// the command itself and the median peak RSS, which /usr/bin/time -v
// reports from a second, separate run each time (timing the wrapper
// would add its own start-up to every figure).
func repeat(runs int, args ...string) (measure, error) {
	var walls []time.Duration
	var rss []int64
	for i := 0; i < runs; i++ {
		cmd := exec.Command(args[0], args[1:]...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		if err != nil {
			return measure{}, fmt.Errorf("%s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		walls = append(walls, wall)

		timed := exec.Command("/usr/bin/time", append([]string{"-v"}, args...)...)
		stderr.Reset()
		timed.Stderr = &stderr
		if err := timed.Run(); err != nil {
			return measure{}, fmt.Errorf("/usr/bin/time %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		if m := maxRSS.FindStringSubmatch(stderr.String()); m != nil {
			kb, _ := strconv.ParseInt(m[1], 10, 64)
			rss = append(rss, kb)
		}
	}
	sort.Slice(walls, func(i, j int) bool { return walls[i] < walls[j] })
	sort.Slice(rss, func(i, j int) bool { return rss[i] < rss[j] })
	m := measure{wall: walls[len(walls)/2]}
	if len(rss) > 0 {
		m.maxRSS = rss[len(rss)/2]
	}
	return m, nil
}

// writeBatch writes n reports as JSON Lines, varied by template, names and
// versions so that no two are identical.
func writeBatch(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	rng := rand.New(rand.NewSource(1))
	enc := json.NewEncoder(f)
	minors := []string{"3.10.13", "3.11.9", "3.12.4", "3.13.0", "3.14.1", "3.12.27"}
	for i := 0; i < n; i++ {
		body := templates[i%len(templates)]
		body = strings.ReplaceAll(body, "VERSION", minors[rng.Intn(len(minors))])
		body = strings.ReplaceAll(body, "NAME", fmt.Sprintf("item%d", i))
		if err := enc.Encode(map[string]string{"id": fmt.Sprintf("r%06d", i), "title": fmt.Sprintf("report %d", i), "body": body}); err != nil {
			return err
		}
	}
	return nil
}

func machine() string {
	out, _ := exec.Command("sh", "-c", "nproc; grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").Output()
	return strings.Join(strings.Fields(strings.ReplaceAll(string(out), "\n", " ")), " ") + " cores/cpu"
}

// templates are report shapes seen in practice: a PoC-heavy report, a
// patch, prose with inline code, a policy problem, a hallucination.
var templates = []string{
	"tarfile data filter misses NAME links\n\n`tarfile.TarFile.extractall()` with `filter=\"data\"` follows a link.\n\nTested on Python VERSION.\n\n```python\nimport tarfile, io\nbuf = io.BytesIO()\nwith tarfile.open(fileobj=buf, mode=\"w\") as tf:\n    info = tarfile.TarInfo(\"NAME\")\n    info.type = tarfile.SYMTYPE\n    info.linkname = \"../..\"\n    tf.addfile(info)\nbuf.seek(0)\nwith tarfile.open(fileobj=buf) as tf:\n    tf.extractall(\"/tmp/NAME\", filter=\"data\")\n```\n",
	"Patch for zipfile.Path NAME hang\n\nReproduced on VERSION.\n\n```diff\n--- a/Lib/zipfile/_path/__init__.py\n+++ b/Lib/zipfile/_path/__init__.py\n@@ -50,7 +50,7 @@ def _ancestry(path):\n     path = path.rstrip(posixpath.sep)\n-    while path and path != posixpath.sep:\n+    while path.rstrip(posixpath.sep):\n         yield path\n```\n\n```python\nimport zipfile\nprint(list(zipfile.Path(zipfile.ZipFile(\"NAME.zip\")).iterdir()))\n```\n",
	"urlsplit accepts bracketed NAME hosts\n\n`urllib.parse.urlsplit()` keeps `[NAME.example]` as the hostname, and `SplitResult.hostname` returns it; the check lives in `Lib/urllib/parse.py`. Tested on VERSION.\n\n```python\nfrom urllib.parse import urlsplit\nprint(urlsplit(\"http://[NAME.example]/\").hostname)\n```\n",
	"Loading NAME with pickle runs code\n\nUntrusted data passed to `pickle.loads()` executes arbitrary code.\n\nCVSS: 9.8 (Critical)\n\nTested on VERSION.\n\n```python\nimport pickle, os\nclass P:\n    def __reduce__(self):\n        return (os.system, (\"id\",))\npickle.loads(pickle.dumps(P()))\n```\n",
	"hmac NAME timing\n\n`hmac.compare_digest(a, b, constant_time=True)` leaks timing through `hmac.safe_compare()`.\n\nTested on VERSION.\n\n```python\nimport hmac\nhmac.compare_digest(b\"a\", b\"b\", constant_time=True)\n```\n",
}
