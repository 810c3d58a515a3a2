package component

import "io/fs"

// New returns the registry of every built-in component class, reading data
// tables from the embedded standard library. Heavy tables are parsed on
// first use by a model, so New itself is cheap (check calls it for
// schemas).
func New() (*Registry, error) { return NewFS(defaultFS()) }

// NewFS is New with the data tables read from fsys (laid out like stdlib.FS:
// data/tables/*.csv[.gz], data/cells/*.cell.yaml); tests use it.
func NewFS(fsys fs.FS) (*Registry, error) {
	s := newStore(fsys)
	classes := []*Class{
		// generic and zero-cost levels
		storageClass("storage"),
		storageClass("buffer"),
		computeClass("mac"),
		computeClass("compute"),
		zeroClass("dummy", true),
		zeroClass("dummy_storage", true),
		zeroClass("free_mac", false),
		zeroClass("dummy_compute", false),
		// converters
		adcClass(),
		s.ladderDACClass("dac", false),
		s.ladderDACClass("dac_r2r_ladder", false),
		s.ladderDACClass("dac_c2c_ladder", true),
		// CiMLoop analog primitives
		capacitorClass(),
		wireClass(),
		passGateClass(),
		s.c2cClass("c2c_multiplier", []string{"switch_a", "switch_b"}, true, "1.67/resolution"),
		s.c2cClass("c2c_mult_input_port_a", []string{"read", "write"}, true, "1.67/8"),
		s.c2cClass("c2c_mult_input_port_b", []string{"read"}, false, "1.67/8"),
		// NeuroSim crossbar parts
		s.rowDriversClass("row_drivers", false),
		s.rowDriversClass("weight_row_drivers", true),
		s.colDriversClass(),
		s.memoryCellClass(),
		// NeuroSim digital periphery
		s.adderClass("adder"),
		s.adderClass("intadder"),
		s.flipFlopClass(),
		s.shiftAddClass(),
		s.adderTreeClass("adder_tree"),
		s.adderTreeClass("intadder_tree"),
		s.muxClass(),
		s.maxPoolClass(),
		s.gateClass("not_gate", "not gate"),
		s.gateClass("nand_gate", "nand gate"),
		s.gateClass("nor_gate", "nor gate"),
		// memories
		s.sramClass(),
		s.smartbufferClass(),
		dramClass(),
	}
	lib, err := loadLibrary(fsys)
	if err != nil {
		return nil, err
	}
	classes = append(classes, s.aladdinClasses()...)
	classes = append(classes, s.zeroComparatorClass(lib))
	classes = append(classes, s.libClasses(lib)...)
	return NewRegistry(classes...)
}
