// Everything ScriptDeskPDF needs from glib, poppler-glib and cairo, behind one module.
#ifndef SCRIPTDESK_CPOPPLER_H
#define SCRIPTDESK_CPOPPLER_H
#include <glib.h>
#include <glib-object.h>
#include <poppler.h>
#include <cairo.h>
#include <cairo-pdf.h>
#endif
