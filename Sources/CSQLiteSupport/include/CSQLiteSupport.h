#ifndef COURTFED_SQLITE_SUPPORT_H
#define COURTFED_SQLITE_SUPPORT_H

/// Hardens a connection for a database an outside party might have touched (SQLite's
/// "Defense Against the Dark Arts"): SQLITE_DBCONFIG_DEFENSIVE on, extension loading off,
/// triggers and views in the schema not trusted. `sqlite3_db_config` is variadic, so Swift
/// cannot call it directly. Returns 0 (SQLITE_OK) on success.
int courtfed_sqlite_harden(void *db);

/// Besides: a program that links this library has SQLite's memory statistics turned off
/// when it loads, before `main` and any thread (`courtfed_sqlite_configure` in harden.c).

#endif
