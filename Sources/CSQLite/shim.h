#ifndef WIREQUEST_CSQLITE_H
#define WIREQUEST_CSQLITE_H

#include <sqlite3.h>

/// SQLITE_TRANSIENT ((sqlite3_destructor_type)-1): tells a bind call to copy the value before it returns. The
/// macro is a cast of -1 to a function pointer, which Swift cannot import.
static inline sqlite3_destructor_type wq_sqlite_transient(void) { return SQLITE_TRANSIENT; }

/// Extended result codes are macros built from expressions (`SQLITE_CONSTRAINT | (8<<8)`), which Swift does not
/// import either.
static const int wq_sqlite_constraint_unique = SQLITE_CONSTRAINT_UNIQUE;
static const int wq_sqlite_constraint_foreignkey = SQLITE_CONSTRAINT_FOREIGNKEY;

#endif
