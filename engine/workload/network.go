package workload

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/cimc-lang/cimc/engine/values"
	"github.com/cimc-lang/cimc/stdlib"
)

// Dir is the directory of the network files inside stdlib.FS.
const Dir = "data/workloads"

// Shape holds the dimension sizes of one layer with CiMLoop's names
// (problem_base.yaml): C input channels (reduction), M output channels, R
// and S filter width and height, N batch, P and Q output width and height,
// G groups; strides and dilations are the coefficients of the Inputs
// projection. Every size is at least 1; an unlisted one is 1.
type Shape struct {
	C, M, R, S, N, P, Q, G                 int
	HStride, WStride, HDilation, WDilation int
}

// shapeKeys maps the accepted JSON keys to fields. CiMLoop's layer files
// spell strides HStride/WStride while problem_base names the coefficients
// Hstride/Wstride; both spellings are accepted.
var shapeKeys = map[string]func(*Shape) *int{
	"C": func(s *Shape) *int { return &s.C }, "M": func(s *Shape) *int { return &s.M },
	"R": func(s *Shape) *int { return &s.R }, "S": func(s *Shape) *int { return &s.S },
	"N": func(s *Shape) *int { return &s.N }, "P": func(s *Shape) *int { return &s.P },
	"Q": func(s *Shape) *int { return &s.Q }, "G": func(s *Shape) *int { return &s.G },
	"HStride": func(s *Shape) *int { return &s.HStride }, "Hstride": func(s *Shape) *int { return &s.HStride },
	"WStride": func(s *Shape) *int { return &s.WStride }, "Wstride": func(s *Shape) *int { return &s.WStride },
	"HDilation": func(s *Shape) *int { return &s.HDilation }, "Hdilation": func(s *Shape) *int { return &s.HDilation },
	"WDilation": func(s *Shape) *int { return &s.WDilation }, "Wdilation": func(s *Shape) *int { return &s.WDilation },
}

// Ones is the shape with every size 1.
func Ones() Shape {
	return Shape{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
}

// MACs is N*C*M*R*S*P*Q*G, the multiply-accumulates of the layer
// (cimloop-spec.md 12.1).
func (s Shape) MACs() int64 {
	n := int64(1)
	for _, v := range []int{s.N, s.C, s.M, s.R, s.S, s.P, s.Q, s.G} {
		n *= int64(v)
	}
	return n
}

// Histograms are the per-tensor value distributions of a layer. A zero
// Hist (IsZero) means the layer gives none for that tensor.
type Histograms struct {
	Inputs, Weights, Outputs values.Hist
}

// Get returns the histogram of the tensor named name (Inputs, Weights or
// Outputs), if the layer has one.
func (h Histograms) Get(name string) (values.Hist, bool) {
	var x values.Hist
	switch name {
	case "Inputs":
		x = h.Inputs
	case "Weights":
		x = h.Weights
	case "Outputs":
		x = h.Outputs
	}
	return x, !x.IsZero()
}

// Layer is one layer of a network.
type Layer struct {
	Network string
	Index   int    // position in the network, from 0
	File    string // CiMLoop layer file it came from, e.g. "00.yaml"
	Op      string // PyTorch module kind: Conv2d, Linear, Conv1D, ...SelfAttention
	Notes   string
	Shape   Shape
	Hist    Histograms
}

// FromEinsum reports a layer CiMLoop generated from an einsum inside an
// attention block (notes "From einsum"); CiMLoop's DNN studies exclude
// them.
func (l *Layer) FromEinsum() bool { return l.Notes == "From einsum" }

// MACs is the layer's multiply-accumulate count.
func (l *Layer) MACs() int64 { return l.Shape.MACs() }

// Name is "<network>/<file without .yaml>", e.g. "resnet18/00".
func (l *Layer) Name() string {
	base := strings.TrimSuffix(l.File, ".yaml")
	if base == "" {
		base = strconv.Itoa(l.Index)
	}
	return l.Network + "/" + base
}

// Network is a named list of layers.
type Network struct {
	Name   string
	Source string // where the data comes from (the file's "source" line)
	Layers []Layer
}

// MACs sums the MACs of the layers.
func (n *Network) MACs() int64 {
	var t int64
	for i := range n.Layers {
		t += n.Layers[i].MACs()
	}
	return t
}

// Names returns the sorted names of the embedded networks.
func Names() ([]string, error) {
	entries, err := fs.ReadDir(stdlib.FS, Dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".json"); ok && !e.IsDir() {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out, nil
}

// Load parses the embedded network named name (e.g. "resnet18").
func Load(name string) (*Network, error) {
	data, err := fs.ReadFile(stdlib.FS, Dir+"/"+name+".json")
	if err != nil {
		names, _ := Names()
		return nil, fmt.Errorf("no embedded network %q (have %s)", name, strings.Join(names, ", "))
	}
	return Parse(name+".json", data)
}

type rawNetwork struct {
	Network        string     `json:"network"`
	Source         string     `json:"source"`
	DimensionsNote string     `json:"dimensions_note"`
	HistogramNote  string     `json:"histogram_note"`
	Layers         []rawLayer `json:"layers"`
}

type rawLayer struct {
	Index      *int                       `json:"index"`
	File       string                     `json:"file"`
	Op         string                     `json:"op"`
	Notes      string                     `json:"notes"`
	Shape      map[string]json.RawMessage `json:"shape"`
	Histograms json.RawMessage            `json:"histograms"`
}

// Parse decodes a network file; file names it in errors. Every error says
// which layer and field is wrong.
func Parse(file string, data []byte) (*Network, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var raw rawNetwork
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	if raw.Network == "" {
		return nil, fmt.Errorf("%s: no \"network\" name", file)
	}
	if len(raw.Layers) == 0 {
		return nil, fmt.Errorf("%s: no layers", file)
	}
	n := &Network{Name: raw.Network, Source: raw.Source, Layers: make([]Layer, len(raw.Layers))}
	for i, rl := range raw.Layers {
		l, err := parseLayer(raw.Network, i, rl)
		if err != nil {
			return nil, fmt.Errorf("%s: layer %d: %v", file, i, err)
		}
		n.Layers[i] = l
	}
	return n, nil
}

func parseLayer(net string, pos int, rl rawLayer) (Layer, error) {
	if rl.Index == nil {
		return Layer{}, fmt.Errorf("no \"index\"")
	}
	if *rl.Index != pos {
		return Layer{}, fmt.Errorf("index %d at position %d", *rl.Index, pos)
	}
	l := Layer{Network: net, Index: pos, File: rl.File, Op: rl.Op, Notes: rl.Notes, Shape: Ones()}
	keys := make([]string, 0, len(rl.Shape))
	for k := range rl.Shape {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		field, ok := shapeKeys[k]
		if !ok {
			return Layer{}, fmt.Errorf("shape: unknown dimension %q (want C, M, R, S, N, P, Q, G, HStride, WStride, HDilation, WDilation)", k)
		}
		v, err := positiveInt(rl.Shape[k])
		if err != nil {
			return Layer{}, fmt.Errorf("shape: %s: %v", k, err)
		}
		*field(&l.Shape) = v
	}
	h, err := parseHistograms(rl.Histograms)
	if err != nil {
		return Layer{}, fmt.Errorf("histograms: %v", err)
	}
	l.Hist = h
	return l, nil
}

func positiveInt(raw json.RawMessage) (int, error) {
	var num json.Number
	if err := json.Unmarshal(raw, &num); err != nil {
		return 0, fmt.Errorf("%s is not a number", raw)
	}
	v, err := strconv.ParseInt(num.String(), 10, 32)
	if err != nil || v < 1 {
		return 0, fmt.Errorf("%s is not a positive integer", num)
	}
	return int(v), nil
}

// parseHistograms accepts a JSON object of tensor -> list, a JSON string
// holding a Python dict literal, or null/absent (no histograms).
func parseHistograms(raw json.RawMessage) (Histograms, error) {
	var h Histograms
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return h, nil
	}
	lists := map[string][]any{}
	switch raw[0] {
	case '{':
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return h, err
		}
		for k, v := range obj {
			list, err := jsonList(v)
			if err != nil {
				return h, fmt.Errorf("%s: %v", k, err)
			}
			lists[k] = list
		}
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return h, err
		}
		v, err := parsePy(s)
		if err != nil {
			return h, err
		}
		obj, ok := v.(map[string]any)
		if !ok {
			return h, fmt.Errorf("want a dict of tensor histograms, found %s", kind(v))
		}
		for k, x := range obj {
			list, ok := x.([]any)
			if !ok {
				return h, fmt.Errorf("%s: want a list, found %s", k, kind(x))
			}
			lists[k] = list
		}
	default:
		return h, fmt.Errorf("want an object of tensor histograms, found %s", raw[:min(len(raw), 20)])
	}
	names := make([]string, 0, len(lists))
	for k := range lists {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		var dst *values.Hist
		switch k {
		case "Inputs":
			dst = &h.Inputs
		case "Weights":
			dst = &h.Weights
		case "Outputs":
			dst = &h.Outputs
		default:
			return h, fmt.Errorf("unknown tensor %q (want Inputs, Weights or Outputs)", k)
		}
		bins, err := toFloats(lists[k])
		if err != nil {
			return h, fmt.Errorf("%s: %v", k, err)
		}
		hist, err := values.NewNormalized(bins, values.SumTolerance)
		if err != nil {
			return h, fmt.Errorf("%s: %v", k, err)
		}
		*dst = hist
	}
	return h, nil
}

// jsonList decodes a JSON array, or a JSON string holding a Python list.
func jsonList(raw json.RawMessage) ([]any, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		v, err := parsePy(s)
		if err != nil {
			return nil, err
		}
		list, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("want a list, found %s", kind(v))
		}
		return list, nil
	}
	var elems []any
	if err := json.Unmarshal(raw, &elems); err != nil {
		return nil, fmt.Errorf("want a list of numbers, found %s", raw[:min(len(raw), 20)])
	}
	return elems, nil
}

// toFloats converts list elements (numbers, or strings holding a number)
// to float64.
func toFloats(list []any) ([]float64, error) {
	out := make([]float64, len(list))
	for i, x := range list {
		switch v := x.(type) {
		case float64:
			out[i] = v
		case string:
			f, err := parseNumber(v)
			if err != nil {
				return nil, fmt.Errorf("bin %d: %v", i, err)
			}
			out[i] = f
		default:
			return nil, fmt.Errorf("bin %d: want a number, found %s", i, kind(x))
		}
	}
	return out, nil
}

func kind(x any) string {
	switch x.(type) {
	case map[string]any:
		return "a dict"
	case []any:
		return "a list"
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", x)
}
