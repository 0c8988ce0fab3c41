// libturbojpeg encodes the demo archive's scanned pages; its API is plain C calls.
#ifndef SCRIPTDESK_CTURBOJPEG_H
#define SCRIPTDESK_CTURBOJPEG_H
#include <turbojpeg.h>
#endif
