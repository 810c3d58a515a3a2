package validation

import "strings"

// splitSets splits "a=1;b=2 V" into override strings.
func splitSets(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
