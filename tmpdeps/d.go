package tmpdeps

import (
	_ "github.com/alecthomas/participle/v2"
	_ "github.com/hashicorp/go-multierror"
	_ "github.com/rogpeppe/go-internal/testscript"
	_ "github.com/stretchr/testify/require"
)
