// Package lazyre compiles a regular expression the first time it is used.
//
// The policy rules and the version scanner hold dozens of patterns; compiling
// them all at package initialisation cost every process about 6 ms before
// main ran, a fifth of the budget for checking one report in a pre-commit
// hook. A Regexp here has the methods of regexp.Regexp that pyrefcheck uses.
package lazyre

import (
	"regexp"
	"sync"
)

// Regexp is a regexp.Regexp compiled on first use.
type Regexp struct {
	src  string
	once sync.Once
	re   *regexp.Regexp
}

// New returns a Regexp for src; an invalid pattern panics on first use,
// which the tests of every package that uses one reach.
func New(src string) *Regexp { return &Regexp{src: src} }

// Compiled returns the compiled expression.
func (l *Regexp) Compiled() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.src) })
	return l.re
}

func (l *Regexp) String() string                 { return l.src }
func (l *Regexp) MatchString(s string) bool      { return l.Compiled().MatchString(s) }
func (l *Regexp) FindString(s string) string     { return l.Compiled().FindString(s) }
func (l *Regexp) FindStringIndex(s string) []int { return l.Compiled().FindStringIndex(s) }
func (l *Regexp) FindStringSubmatch(s string) []string {
	return l.Compiled().FindStringSubmatch(s)
}
func (l *Regexp) FindStringSubmatchIndex(s string) []int {
	return l.Compiled().FindStringSubmatchIndex(s)
}
func (l *Regexp) FindAllString(s string, n int) []string { return l.Compiled().FindAllString(s, n) }
func (l *Regexp) FindAllStringIndex(s string, n int) [][]int {
	return l.Compiled().FindAllStringIndex(s, n)
}
func (l *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	return l.Compiled().FindAllStringSubmatch(s, n)
}
func (l *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return l.Compiled().FindAllStringSubmatchIndex(s, n)
}
func (l *Regexp) ReplaceAllString(src, repl string) string {
	return l.Compiled().ReplaceAllString(src, repl)
}
func (l *Regexp) SubexpIndex(name string) int { return l.Compiled().SubexpIndex(name) }
