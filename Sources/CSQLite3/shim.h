// SQLite, called directly: the store's connections run their statements on threads of their
// own, with the statements they use kept prepared.
#ifndef SCRIPTDESK_CSQLITE3_H
#define SCRIPTDESK_CSQLITE3_H
#include <sqlite3.h>

// Turns off SQLite's process-wide memory statistics, which take a global mutex on every
// allocation of every connection. Takes effect only before the library is first initialised
// (SQLITE_MISUSE after); the statistics are never read here.
static inline int scriptdesk_sqlite3_skip_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
#endif
