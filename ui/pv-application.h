/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PV_TYPE_APPLICATION (pv_application_get_type ())
G_DECLARE_FINAL_TYPE (PvApplication, pv_application, PV, APPLICATION, GtkApplication)

PvApplication *pv_application_new (void);

G_END_DECLS
