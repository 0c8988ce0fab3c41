// SQLite, called directly: the store's connections run their statements on threads of their
// own, with the statements they use kept prepared.
#ifndef SCRIPTDESK_CSQLITE3_H
#define SCRIPTDESK_CSQLITE3_H
#include <sqlite3.h>
#endif
