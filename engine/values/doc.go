// Package values turns operand value distributions into the statistics
// that value-dependent component models consume, following CiMLoop's
// include/slicing_encoding.py and accelergy_plug_ins/utils/bit_functions.py
// (digested in ../shared/reference/cimloop-spec.md section 8).
//
// The pipeline for one operand (one dataspace of one layer) is:
//
//	Hist (2^N-1 zero-centred bins)
//	  --Encoding.Encode-->  Encoded (bit patterns, MSB first, with probabilities)
//	  --Analyze(total bits T, bits per slice B)-->  Operand (per-slice and per-bit statistics)
//	  --Operand.Stats-->  component.OperandStats
//
// and ForProblem runs it once for every dataspace of an ir.Problem, so a
// layer's statistics are computed once and shared by every mapping.
//
// The package owns: the histogram format and its validation; the built-in
// encodings (offset, two's complement, sign-magnitude, magnitude, two-part
// magnitude a.k.a. differential, XNOR, zero-gated XNOR, CiMLoop's
// "_if_signed" variants) and user-defined encodings; CiMLoop's
// resampling of encoded bits to the operand's bit width; slicing by bits
// per cell, per DAC conversion or per ADC read; and the bit_functions
// helpers component models need (hist_to_magnitude, the X2X-ladder DAC's
// histogram resampling, bit distribution <-> histogram).
//
// It must not read files or know about component classes beyond filling
// component.OperandStats; errors are plain Go errors whose text names the
// offending bin or value, so the caller (check, lower, workload) can attach
// a source location and a diagnostic code (diag.BadHistogram,
// diag.BadEncoding).
package values
