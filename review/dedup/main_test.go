package dedup

import (
	"testing"

	"github.com/winnow-review/winnow/internal/storetest"
)

// TestMain runs the tests on SQLite, and again on PostgreSQL when
// WINNOW_TEST_PG names a server (see internal/storetest).
func TestMain(m *testing.M) { storetest.Main(m) }
