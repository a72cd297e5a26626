#include <sqlite3.h>
#include "CSQLiteSupport.h"

int courtfed_sqlite_harden(void *handle) {
  sqlite3 *db = (sqlite3 *)handle;
  int rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)0);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int *)0);
  if (rc != SQLITE_OK) return rc;
#ifdef SQLITE_DBCONFIG_TRUSTED_SCHEMA
  rc = sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)0);
#endif
  return rc;
}

/* SQLite's memory statistics, which CourtFed never reads, off: with them on, every allocation
   SQLite makes takes a process-wide mutex. sqlite3_config must run before SQLite initializes
   and while no other thread uses SQLite, so it runs when the program loads, before main and
   any thread. (Variadic, so Swift could not call it anyway.) */
__attribute__((constructor)) static void courtfed_sqlite_configure(void) {
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
