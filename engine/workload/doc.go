// Package workload loads the DNN networks embedded in the stdlib
// (stdlib/data/workloads/<net>.json, CiMLoop's models/workloads layer
// files converted to JSON) into a neutral Go form, builds the extended
// einsum (ir.Problem) of a layer as CiMLoop's workloads/problem_base.yaml
// does, and groups identical layers so each is mapped once.
//
// JSON form of a network: {"network", "source", "dimensions_note",
// "histogram_note", "layers": [{"index", "file", "op", "notes", "shape",
// "histograms"}]}. "shape" lists only the dimensions that are not 1, with
// CiMLoop's names (C, M, P, Q, R, S, N, G, HStride, WStride, HDilation,
// WDilation). How layer kinds appear in the data:
//
//   - convolutions (op "Conv2d"): C, M, P, Q, R, S and strides, e.g.
//     resnet18 layer 0 {C:3, M:64, P:112, Q:112, R:7, S:7, HStride:2,
//     WStride:2};
//   - depthwise convolutions (mobilenet_v3): G channels and no C or M,
//     e.g. {G:16, P:112, Q:112, R:3, S:3}: every dataspace carries the G
//     rank, so each group convolves its own channel (C = M = 1);
//   - linear layers and matrix multiplies (ops "Linear", "Conv1D"): C
//     (reduction), M (outputs) and P (tokens), e.g. gpt2_medium {C:1024,
//     M:3072, P:256};
//   - attention products (notes "From einsum", ops "*SelfAttention",
//     "GPT2Attention"): the same C/M/P form, with G for the heads in
//     msft_phi_1_5 ({M:1024, C:64, G:32, P:1024}); the "Weights" operand is
//     then an activation (K or V). CiMLoop's DNN studies skip these layers;
//     Layer.FromEinsum reports them so callers can do the same.
//
// Histograms are per tensor (Inputs, Weights, Outputs) in the format of
// engine/values. Elements are JSON numbers, or strings holding a number
// (the conversion from YAML kept "7e-05" as a string in four files); a
// whole histogram, or the whole histograms field, may also be a string
// holding a Python list/dict literal, which is parsed (never evaluated).
//
// The package reads only the stdlib embed; it does no mapping and knows
// nothing of architectures (bit dimensions are supplied by the caller).
package workload
