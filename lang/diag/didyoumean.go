package diag

import "fmt"

// Distance is the optimal-string-alignment edit distance between a and b:
// insertions, deletions, substitutions and swaps of two adjacent letters
// each cost one ("siez" -> "size" is 1).
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	n, m := len(ra), len(rb)
	d := make([][]int, n+1)
	for i := range d {
		d[i] = make([]int, m+1)
		d[i][0] = i
	}
	for j := 0; j <= m; j++ {
		d[0][j] = j
	}
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[n][m]
}

// Suggest returns the candidate closest to name, if one is close enough to
// be a plausible typo (distance at most 1 for short names, about a third
// of the length for longer ones), and "" otherwise. Ties go to the earliest
// candidate, so callers pass candidates in a stable order.
func Suggest(name string, candidates []string) string {
	best, bestD := "", 1<<30
	limit := max(1, (len([]rune(name))+1)/3)
	for _, c := range candidates {
		if c == name {
			continue
		}
		if d := Distance(name, c); d < bestD {
			best, bestD = c, d
		}
	}
	if bestD <= limit {
		return best
	}
	return ""
}

// DidYouMean returns `did you mean "x"?` for the best suggestion, or "".
func DidYouMean(name string, candidates []string) string {
	if s := Suggest(name, candidates); s != "" {
		return fmt.Sprintf("did you mean %q?", s)
	}
	return ""
}
