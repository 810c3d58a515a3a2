package lang
import ("testing";"strings";"time";"os")
func TestScratchPerf(t *testing.T){
	tile, _ := os.ReadFile("testdata/tile.cim")
	for name, s := range map[string]string{
		"chain": "param x = " + strings.Repeat("a + ", 3000) + "a",
		"nest": "param x = " + strings.Repeat("(", 199) + "1" + strings.Repeat(")", 199),
		"nestlist": "param x = " + strings.Repeat("[", 199) + "1" + strings.Repeat("]", 199),
		"unary": "param x = " + strings.Repeat("-", 3000) + "1",
		"pow": "param x = " + strings.Repeat("2^", 3000) + "1",
		"braces": "arch a {" + strings.Repeat("container c {", 150) + strings.Repeat("}", 150) + "}",
		"bracesErr": "arch a {" + strings.Repeat("container c {", 150) + strings.Repeat("}", 149),
		"tile": string(tile),
		"tileErr": string(tile[:len(tile)-40]),
	} {
		t0 := time.Now()
		f, d := Parse("x", []byte(s))
		el := time.Since(t0)
		t1 := time.Now()
		if len(d) == 0 { checkRanges(t, "x", []byte(s), f); Format(f) }
		t.Logf("%-10s parse %v check %v diags %d", name, el, time.Since(t1), len(d))
	}
}
