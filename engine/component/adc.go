package component

import (
	"math"

	"github.com/cimc-lang/cimc/lang/units"
)

// ADC regression model: Accelergy-Project/accelergy-adc-plug-in (CiMLoop
// era) = hwcomponents-adc, model.yaml dated 2024-04-04 (commit 6851cb8),
// fitted to B. Murmann's ADC Performance Survey 1997-2023 following
// Andrulis et al., arXiv 2404.06553. Every constant below is copied from
// stdlib/data/tables/adc_model_coefficients.csv (a test compares them).
const (
	adcFOMSIntercept = 213.7806687348118   // FOMS_hf_dB intercept (dB)
	adcFOMSFreqSlope = -2.8719030399529957 // FOMS_hf_dB slope per ln(Hz)
	adcTechIntercept = 26.0496215686518    // FOMS_hf_dB tech intercept (absorbs J->pJ)
	adcTechSlope     = 1.8800369206815004  // per ln(nm)
	adcENOBSlope     = -2.8291256050594527 // per ln(bits)
	adcEnergyRes     = -1.4702022133784405 // 20th-percentile residual shift
	adcMaxLnHz       = 23.025850929940457  // ln(10 GHz): fitted range
	adcAreaIntercept = 1.3461916439910742  // area_ln_um2 intercept
	adcAreaTech      = 0.9932794744745022  // area_ln_um2 per ln(nm)
	adcAreaFreq      = 0.18071538424508238 // area_ln_um2 per ln(Hz)
	adcAreaEnergy    = 0.29912426192653485 // area_ln_um2 per ln(pJ)
)

// adcMaxByENOB[i] caps the Schreier FOM (dB) for ceil(bits) = i
// (FOMS_hf_dB_max_by_enob in adc_model_coefficients.csv).
var adcMaxByENOB = [21]float64{
	128.3068287398817, 131.52734025085925, 134.7478517618368, 137.96836327281437,
	141.18887478379193, 144.4093862947695, 147.62989780574708, 150.85040931672464,
	154.0709208277022, 157.29143233867975, 160.5119438496573, 163.73245536063487,
	166.95296687161243, 170.17347838259, 173.39398989356755, 176.61450140454514,
	179.83501291552267, 183.05552442650026, 186.27603593747781, 189.49654744845537,
	192.71705895943293,
}

// ADCEnergyArea evaluates the regression: energy per conversion in pJ and
// total area of nADCs converters in um^2, for a resolution (ENOB) in bits,
// a node in nm and an aggregate throughput in conversions per second
// shared by nADCs converters.
func ADCEnergyArea(bits, techNM, throughput, nADCs float64) (energyPJ, areaUM2 float64) {
	f := throughput / nADCs
	lnf := math.Log(f)
	foms := math.Min(adcFOMSIntercept+adcFOMSFreqSlope*lnf, adcMaxByENOB[int(math.Min(math.Max(math.Ceil(bits), 0), 20))])
	sndr := 20*math.Log10(2)*bits + 10*math.Log10(1.5)
	e0 := 1 / (2 * math.Pow(10, (foms-sndr)/10))
	lnT := math.Log(techNM)
	energyPJ = e0 * math.Exp(adcTechIntercept+adcTechSlope*lnT+adcENOBSlope*math.Log(bits)+adcEnergyRes)
	one := math.Exp(adcAreaIntercept + adcAreaTech*lnT + adcAreaFreq*lnf + adcAreaEnergy*math.Log(energyPJ))
	return energyPJ, nADCs * one
}

func adcClass() *Class {
	return newClass("adc",
		"analog-to-digital converter: regression over Murmann's ADC survey (accelergy-adc-plug-in, 2024 model); optimistic best-case converter",
		false, []string{"convert", "read"},
		[]AttrSpec{
			reqInt("resolution", "resolution in bits, treated as ENOB; the regression needs at least 4 bits"),
			techAttr(),
			intAttr("n_adcs", 1, "number of converters sharing the throughput; area is the total of all of them (CiMLoop N_ADC_PER_BANK)"),
			optNum("throughput", units.Frequency, "aggregate conversions per second of all n_adcs; when absent, conversions_per_cycle / cycle_seconds * throughput_scale (CiMLoop's adc compound)"),
			optNum("conversions_per_cycle", units.None, "conversions per cycle of all n_adcs (CiMLoop: cols_active_at_once); default n_adcs"),
			numAttr("throughput_scale", units.None, 1, "multiplies the derived throughput (CiMLoop throughput_scale, e.g. 1/100 for ISAAC)"),
			cycleAttr(),
			enumAttr("leak_model", "cimloop", `"cimloop": all energy in convert, no leakage (accelergy-adc-plug-in); "hwcomponents": 0.8 E per convert and 0.2 E x throughput as leakage (hwcomponents-adc)`, adcLeakModels...),
		},
		func(p params, _ *Stats) (Estimate, error) {
			bits := p.num("resolution")
			if bits < 4 {
				return Estimate{}, attrErr("resolution", "the ADC survey regression asserts resolution >= 4; model a comparator or sense amplifier explicitly",
					"ADC resolution must be at least 4 bits, found %s", units.FormatNumber(bits))
			}
			if bits > 20 {
				return Estimate{}, attrErr("resolution", "", "ADC resolution must be at most 20 bits (the fitted ENOB range), found %s", units.FormatNumber(bits))
			}
			tech, err := p.inRange("technology", 1, 1000, "give the node in nm, e.g. 32")
			if err != nil {
				return Estimate{}, err
			}
			n, err := p.positive("n_adcs")
			if err != nil {
				return Estimate{}, err
			}
			thr := p.num("throughput")
			if !p.has("throughput") {
				cyc, err := p.positive("cycle_seconds")
				if err != nil {
					return Estimate{}, err
				}
				conv := n
				if p.has("conversions_per_cycle") {
					if conv, err = p.positive("conversions_per_cycle"); err != nil {
						return Estimate{}, err
					}
				}
				ts, err := p.positive("throughput_scale")
				if err != nil {
					return Estimate{}, err
				}
				thr = conv / cyc * ts
			} else if thr, err = p.positive("throughput"); err != nil {
				return Estimate{}, err
			}
			mode, err := p.oneOf("leak_model", adcLeakModels...)
			if err != nil {
				return Estimate{}, err
			}
			// Above 10 GHz per converter the fit extrapolates; the source only
			// logs a warning (allow_extrapolation=True), so do we: no error.
			ePJ, aUM2 := ADCEnergyArea(bits, tech, thr, n)
			e := ePJ * 1e-12
			est := Estimate{Area: aUM2 * 1e-12, Latency: n / thr}
			if mode == "hwcomponents" {
				est.Energy = energies(0.8*e, "convert", "read")
				est.Leakage = 0.2 * e * thr
			} else {
				est.Energy = energies(e, "convert", "read")
			}
			return est, nil
		})
}
