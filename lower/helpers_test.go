package lower

import (
	"io/fs"
	"testing"

	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/internal/checktest"
)

// Shared fixtures (internal/checktest).
func testClasses(t testing.TB) *component.Registry                 { return checktest.Classes(t) }
func testStd() fs.FS                                               { return checktest.Std() }
func osLoad(dir string) func(string) ([]byte, error)               { return checktest.OSLoad(dir) }
func mapLoad(files map[string]string) func(string) ([]byte, error) { return checktest.MapLoad(files) }
