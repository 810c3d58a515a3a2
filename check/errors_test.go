package check

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/lang/diag"
)

// expectation is one `// ERROR "regexp"` on a line.
type expectation struct {
	file string
	line int
	re   *regexp.Regexp
	used bool
}

var errorComment = regexp.MustCompile(`//\s*ERROR\s+(.*)$`)

// expectations parses the ERROR comments of one file. Several quoted
// regexps after ERROR expect several diagnostics on that line.
func expectations(t *testing.T, name string, src []byte) []*expectation {
	var out []*expectation
	sc := bufio.NewScanner(bytes.NewReader(src))
	for line := 1; sc.Scan(); line++ {
		m := errorComment.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		rest := strings.TrimSpace(m[1])
		for rest != "" {
			pat, n, ok := quoted(rest)
			require.True(t, ok, "%s:%d: bad ERROR comment", name, line)
			re, err := regexp.Compile(pat)
			require.NoError(t, err, "%s:%d: bad ERROR regexp", name, line)
			out = append(out, &expectation{file: name, line: line, re: re})
			rest = strings.TrimSpace(rest[n:])
		}
	}
	return out
}

// quoted reads a "..." prefix in which \" stands for a quote and every
// other backslash is kept (it belongs to the regexp), as Go's errorcheck.
func quoted(s string) (string, int, bool) {
	if !strings.HasPrefix(s, `"`) {
		return "", 0, false
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == '"':
			b.WriteByte('"')
			i++
		case s[i] == '"':
			return b.String(), i + 1, true
		default:
			b.WriteByte(s[i])
		}
	}
	return "", 0, false
}

var setComment = regexp.MustCompile(`(?m)^//\s*SET\s+(.*)$`)

// TestErrors checks every testdata/*.cim: each diagnostic must match an
// ERROR comment on its line and every ERROR comment must be matched, one
// to one; every diagnostic must carry a known code and a location.
func TestErrors(t *testing.T) {
	files, err := filepath.Glob("testdata/*.cim")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(path)
			require.NoError(t, err)
			var sets []string
			for _, m := range setComment.FindAllStringSubmatch(string(src), -1) {
				sets = append(sets, strings.TrimSpace(m[1]))
			}
			p, ds := Check(&Config{Root: name, Load: osLoad("testdata"), Std: testStd(), Classes: testClasses(t), Overrides: sets})
			require.NotNil(t, p)
			exp := map[string][]*expectation{}
			seenFile := map[string]bool{}
			load := func(f string) {
				if seenFile[f] {
					return
				}
				seenFile[f] = true
				b, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(f)))
				if err == nil {
					for _, e := range expectations(t, f, b) {
						exp[f] = append(exp[f], e)
					}
				}
			}
			load(name)
			for _, m := range regexp.MustCompile(`(?m)^//\s*SET-ERROR\s+(.*)$`).FindAllStringSubmatch(string(src), -1) {
				for _, e := range expectations(t, "-set", []byte("// ERROR "+m[1])) {
					exp["-set"] = append(exp["-set"], e)
				}
			}
			for _, m := range p.Modules {
				if !m.Std {
					load(m.Path)
				}
			}
			for _, d := range ds {
				assert.Contains(t, diag.Known, d.Code, "diagnostic without a known code: %s", d.Error())
				if d.Range.Start.File != "-set" {
					assert.True(t, d.Range.Start.IsValid(), "diagnostic without a location: %s", d.Error())
				}
				load(d.Range.Start.File)
				text := d.Message + " [" + d.Code + "]"
				matched := false
				for _, e := range exp[d.Range.Start.File] {
					if !e.used && e.line == d.Range.Start.Line && e.re.MatchString(text) {
						e.used, matched = true, true
						break
					}
				}
				if !matched {
					t.Errorf("unexpected diagnostic %s:%d: %s", d.Range.Start.File, d.Range.Start.Line, text)
				}
			}
			var keys []string
			for k := range exp {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				for _, e := range exp[k] {
					if !e.used {
						t.Errorf("%s:%d: missing diagnostic matching %q", e.file, e.line, e.re)
					}
				}
			}
		})
	}
}
