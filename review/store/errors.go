package store

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Fault reports whether err comes from below winnow rather than from the
// review: the database driver or its connection failed in a way no
// refusal of the store words for people (a disk I/O error, a constraint
// the store should have checked, a lost connection). The command layer
// prints such errors as internal errors, with their whole chain.
func Fault(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		// A file that cannot be opened (a missing folder, no permission)
		// is the user's to fix.
		return se.Code()&0xff != sqlite3.SQLITE_CANTOPEN && se.Code()&0xff != sqlite3.SQLITE_PERM
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) ||
		errors.Is(err, sql.ErrTxDone) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, syscall.EIO)
}
