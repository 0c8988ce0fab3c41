#ifndef SCRIPTDESK_CCURL_H
#define SCRIPTDESK_CCURL_H
#include <curl/curl.h>
#endif
