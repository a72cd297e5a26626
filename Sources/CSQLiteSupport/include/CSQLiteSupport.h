#ifndef COURTFED_SQLITE_SUPPORT_H
#define COURTFED_SQLITE_SUPPORT_H

/// Hardens a connection for a database an outside party might have touched (SQLite's
/// "Defense Against the Dark Arts"): SQLITE_DBCONFIG_DEFENSIVE on, extension loading off,
/// triggers and views in the schema not trusted. `sqlite3_db_config` is variadic, so Swift
/// cannot call it directly. Returns 0 (SQLITE_OK) on success.
int courtfed_sqlite_harden(void *db);

/// Turns SQLite's memory statistics off, which CourtFed never reads: with them on, every
/// allocation SQLite makes takes a process-wide mutex. Only takes effect before SQLite
/// initializes (the process's first connection); later it changes nothing and returns
/// SQLITE_MISUSE. `sqlite3_config` is variadic, so Swift cannot call it directly.
int courtfed_sqlite_configure(void);

#endif
