package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
	"github.com/pyrefcheck/pyrefcheck/verify/rules"
)

// configName is looked for in the working directory and its parents.
const configName = ".pyrefcheck.toml"

// config is .pyrefcheck.toml.
type config struct {
	// Versions are checked when a report claims none.
	Versions []string `toml:"versions"`
	// Disable turns rules off.
	Disable []string `toml:"disable"`
	// Severity overrides rules' severities: {"no-poc" = "info"}.
	Severity map[string]string `toml:"severity"`
	// Exclude skips paths matching these globs.
	Exclude []string `toml:"exclude"`
	// Snapshots are extra snapshot folders, relative to the config file.
	Snapshots []string `toml:"snapshots"`
}

// loadConfig reads the given file, or the nearest .pyrefcheck.toml; no
// file at all is an empty configuration.
func loadConfig(path string) (*config, error) {
	if path == "" {
		path = findConfig()
		if path == "" {
			return &config{}, nil
		}
	}
	var c config
	md, err := toml.DecodeFile(path, &c)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		keys := make([]string, len(undecoded))
		for i, k := range undecoded {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("%s: unknown key %s (known: versions, disable, severity, exclude, snapshots)", path, strings.Join(keys, ", "))
	}
	for id, sev := range c.Severity {
		if err := checkRuleID(id); err != nil {
			return nil, fmt.Errorf("%s: severity: %w", path, err)
		}
		switch sev {
		case "error", "warning", "info":
		default:
			return nil, fmt.Errorf("%s: severity of %s is %q; want error, warning or info", path, id, sev)
		}
	}
	for _, id := range c.Disable {
		if err := checkRuleID(id); err != nil {
			return nil, fmt.Errorf("%s: disable: %w", path, err)
		}
	}
	dir := filepath.Dir(path)
	for i, s := range c.Snapshots {
		if !filepath.IsAbs(s) {
			c.Snapshots[i] = filepath.Join(dir, s)
		}
	}
	return &c, nil
}

func (c *config) severities() map[string]report.Severity {
	out := map[string]report.Severity{}
	for id, s := range c.Severity {
		out[id] = report.Severity(s)
	}
	return out
}

func findConfig() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(dir, configName)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func checkRuleID(id string) error {
	if _, ok := rules.Get(id); !ok {
		return fmt.Errorf("unknown rule %q (see `pyrefcheck explain --list`)", id)
	}
	return nil
}
