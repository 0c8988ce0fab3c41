// zlib inflates the Flate streams of a PDF under check, with a bound on the output.
#ifndef SCRIPTDESK_CZLIB_H
#define SCRIPTDESK_CZLIB_H
#include <zlib.h>
#endif
