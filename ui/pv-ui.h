/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers PoolView's resources (templates, CSS, icons). Call once before
 * any PoolView widget is created; safe to call again. */
void pv_ui_init (void);

G_END_DECLS
