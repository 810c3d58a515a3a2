// Package compound evaluates compound component classes written in .cim
// (check.Component): for one instance's attribute values and one layer's
// operand statistics (component.Stats) it computes the energy of every
// action, the latency of every action, the area and the leakage, in SI
// units, by evaluating the class's expressions with the same builtin
// models (component.Registry) the engine uses for builtin classes. Check
// has already resolved names and verified types and units; this package
// evaluates, and reports what only values can reveal (a negative energy,
// an expectation the statistics cannot give, a division by zero) as
// located diagnostics (*Error).
//
// It must not read files or know about architectures or mappings: the
// caller (engine/table) maps its result to Timeloop's actions.
//
// # Semantics
//
// A class has fields (attributes with units and defaults), subcomponents
// `sub NAME: CLASS(ARGS)`, local parameters, actions
// `action NAME { energy = E; latency = E }` and properties `area = E`,
// `leakage = E`.
//
//   - Fields take the instance's attribute values (check fills defaults
//     and inherited container attributes); a field missing from the
//     attributes takes its declared default (a list-valued field always
//     does: attribute lists do not survive lowering), else it is an error.
//   - A subcomponent is evaluated once per instance, when first needed:
//     its arguments (positional in schema order, or named) are evaluated
//     in the class and must not depend on operand values; a builtin
//     class's missing attributes that it inherits from containers
//     (AttrSpec.Inherited: technology, voltage, cycle_seconds) take the
//     enclosing class's field of the same name when it has one (so a
//     class that declares `cycle_seconds: s = 1 ns` passes the arch's
//     clock down, as Accelergy propagates it), the others their schema
//     defaults (Optional ones stay absent); a compound subcomponent's
//     technology, voltage and cycle_seconds fields likewise default to the
//     enclosing class's fields of those names. A builtin Model runs with
//     the same operand statistics as the compound; a compound class is
//     evaluated recursively (a class that contains itself, directly or
//     not, is error E0219). In
//     expressions, `NAME.ACTION` is the energy of that action of the
//     subcomponent (J), `NAME.area` its area (m^2), `NAME.leakage` its
//     leakage (W) and `NAME.latency` its latency (s; for a compound
//     subcomponent, the largest latency of its actions). There is no
//     Accelergy `x[1..K]` shorthand: K copies are written `K * x.read` and
//     `area = K * x.area`.
//   - The energy of an action is the value of its `energy` expression (0 J
//     when it has none: CiMLoop's empty actions); its latency likewise. A
//     class's area is its `area` expression, or the sum of its
//     subcomponents' areas when it has none (Accelergy); its leakage is
//     its `leakage` expression or the sum of its subcomponents' leakages.
//     Every result must be finite and not negative (error E0501, located
//     at the expression). The Estimate's Latency is the largest action
//     latency.
//   - Operands: inside a class, Inputs, Weights and Outputs (and the
//     dataspace names of the layer, mapped to the role values.ForProblem
//     gives them) denote the operand a component propagates. With B =
//     OperandStats.Bits, the width of one slice:
//     `X.slice` is the normalized value of one slice of one value of X, a
//     random variable in [0, 1] (code / (2^B - 1)), drawn over the values
//     of the layer and uniformly over the slices of a value; so
//     E[X.slice] = OperandStats.MeanValue (CiMLoop's AVERAGE_INPUT_VALUE
//     and AVERAGE_WEIGHT_VALUE) and E[X.slice^2] = OperandStats.MeanSquare.
//     `X.value` is the integer code of that slice, X.slice * (2^B - 1).
//     `X.bits` is the constant B. `X.switching` is the constant
//     OperandStats.Switching: the probability that one encoded bit of X
//     differs between two consecutive values drawn independently from the
//     layer's distribution, averaged over the bits (mean_i 2 p_i (1 - p_i));
//     CiMLoop's bit_flip_probability (a 0 -> 1 transition) is half of it.
//   - Expectations: `mean(x)`, `var(x)` and `rms(x)` of one value (not a
//     list) are E[x], E[x^2] - E[x]^2 and sqrt(E[x^2]) over the operand
//     values. Different operands are independent (CiMLoop's histograms are
//     per operand; its Algorithm 1 multiplies mean conductance by mean
//     squared voltage). When x is a polynomial in the slice values (built
//     with +, -, *, / by a constant and ^ by a constant integer from 0 to
//     16), the expectation follows by linearity from the moments of each
//     operand: E[X^0] = 1, E[X] = MeanValue, E[X^2] = MeanSquare and, for
//     higher powers, E[X^k] = sum_c Probs[c] (c / (2^B - 1))^k. So
//     mean(a + b*X) = a + b*MeanValue, mean((c*X)^2) = c^2*MeanSquare and
//     mean(X*Y) = MeanValue_X * MeanValue_Y. Otherwise (a comparison, if,
//     %, a division by an operand value, abs, sqrt, min...) x is averaged
//     over the joint distribution of the codes of the operands it reads
//     (OperandStats.Probs, known for slices of at most 16 bits; at most
//     2^17 joint codes, about 0.1 s of evaluation): for example the
//     probability that bit i of an input slice is 1 is
//     `mean(floor(Inputs.value / 2^i) % 2)`. When neither way applies the
//     expression is error E0502 (lang/diag.NoExpectation), located at the
//     operation that made it non-polynomial. mean, var and rms of a
//     constant are the constant, 0 and its absolute value; of a list, the
//     list statistics.
//     Caveat: when an operand's encoded bits were upsampled (CiMLoop fills
//     missing low bits with the value's mean bit b), MeanSquare counts such
//     a bit as the value b, while Probs treats it as a bit that is 1 with
//     probability b; then E[X^2] (from MeanSquare) and what the code
//     distribution would give differ slightly. cimc follows CiMLoop for
//     the mean and the mean square and uses Probs for the rest.
//   - An action's energy and latency and the leakage are expectations: an
//     expression that still depends on operand values at the top level is
//     averaged as if written inside mean(). The area must not depend on
//     operand values (E0501).
//   - A subcomponent's own value-dependent energy comes from its Model
//     with the compound's operand statistics.
//
// Mapping to Timeloop's actions (engine/table): a storage-position level
// is charged the compound's "read" energy per read, "write" per fill and
// "update" per update, and an action the class does not define costs 0
// (CiMLoop: compound classes define unused actions as empty); a compute
// level is charged "compute", else "mac", else "read". A compound class
// used at a level must define at least one action that level charges
// (E0501 otherwise, so a misnamed action is not silently free).
// Leakage (W) is charged per cycle per instance as for builtin classes; an
// action named "leak" (CiMLoop's per-cycle leak action) would never be
// charged, so it is an error there (E0501) pointing to `leakage`.
package compound
