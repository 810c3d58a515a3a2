// Package lower turns a checked program into the loop-nest IR: the
// container hierarchy of the chosen architecture becomes ordered levels
// with fanouts, instance counts and per-dataspace policies (as CiMLoop's
// timeloopfe does), each workload layer's einsum becomes an ir.Problem with
// affine projections, and encodings and slicing become bit dimensions with
// per-dataspace value models (as CiMLoop's problem_base). It does not
// search mappings and never reads files.
//
// # Levels
//
// Components are visited depth first in source order. A container with a
// fanout becomes a Container level named after it (CiMLoop's
// inter_<name>_spatial) that owns the fanout and carries the container's
// spatial directives (default: reuse) and spatial constraints; a container
// without a fanout makes no level. "NAME[n] along Y: class {...}" is sugar
// for "container NAME[n] along Y { NAME: class {...} }": a Container level
// NAME (spatial directives and constraints) followed by the component level
// NAME (temporal ones). When the innermost component is not a compute class
// (timeloopfe's rule: the class name contains "mac" or "compute"), the
// virtualized MAC of CiMLoop's defines.yaml is appended: a Container level
// mac_1bit_x_1bit (CiMLoop's 1bit_x_1bit_mac, renamed so that a pinned
// mapping can name it) with FanoutX = input bits per slice x weight bits
// per slice x encoded output bits and spatial factors only X, Y, Z=0; a dummy
// level here_to_fix_a_bug that keeps nothing; and the Compute level
// virtual_bitwise_mac (class free_mac).
//
// Temporal policies: keep -> Keep, coalesce -> Coalesce, pass -> Pass,
// bypass or unlisted -> Bypass. RMWFirstUpdate comes only from the
// rmw_first_update directive (CiMLoop's component_defaults put it on every
// component but cim_unit; write "rmw_first_update *" to match). Depth comes
// from the depth attribute of a component that keeps something; 0 means
// unlimited (CiMLoop's INF for pass and coalesce components). WordBits is
// datawidth (default 1: CiMLoop's elements are bits), BlockSize is
// block_size or width/datawidth, bandwidths are read_bandwidth and
// write_bandwidth. Container levels have depth 1 and keep nothing.
//
// # Dataspace roles and bit dimensions
//
// The einsum's output is the read-write dataspace. Roles are assigned as
// engine/values does: the dataspaces named Inputs, Weights and Outputs
// take their role; otherwise the output is the outputs role and the
// remaining inputs fill the inputs then the weights role in einsum order
// (so in Y[m] += A[c] * B[c, m], A is the inputs and B the weights). An
// encoding of a dataspace adds a bit
// dimension, appended as a last rank: X (input bits) to the inputs role, Y
// (weight bits) to the weights role, Z (output bits) to the output. Its
// size is the number of encoded bits (see encodedBits: n for offset, n-1
// for magnitude of a signed histogram, 2n for differential, n+1 for xnor,
// as CiMLoop's macros set ENCODED_*_BITS); slices of the slice clause that
// fits the role (per dac or per cycle for inputs, per cell for weights, per
// adc or per read for outputs) cut it into ceil(bits/slice) slices. When
// the slice does not divide the input or weight bits (RAELLA: 16 bits in
// cells of 6, slices [6 6 4]) the bit dimension is padded to whole slices
// (18) and ir.ValueModel.EncodedBits keeps the real width for the
// statistics: the partial slice is one full access of every per-slice
// component, and its values are those of its 4 bits.
package lower
