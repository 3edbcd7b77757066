/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A result slot: one document's result and the view that shows it. The
 * window has one (A) and, in compare mode, a second (B) pooling the same
 * input with other parameters. */

#include <gtk/gtk.h>

#include "pv-document.h"
#include "pv-tensor-view.h"

G_BEGIN_DECLS

#define PV_CHANNEL_COMPOSITE (-1)
#define PV_CHANNEL_ALL (-2)

/* What a result view shows. */
typedef enum
{
  PV_SHOW_RESULT,          /* the pooled output, cell for cell */
  PV_SHOW_AT_INPUT_SIZE,   /* the output brought back to the input's size */
  PV_SHOW_MINUS_INPUT,     /* that, minus the input: what pooling changed */
  PV_SHOW_MINUS_OTHER,     /* this result minus the other slot's */
} PvShowMode;

/* What one panel of a view shows. */
typedef struct
{
  int channel;   /* >= 0, or PV_CHANNEL_COMPOSITE */
  int level;     /* pyramid level, else 0 */
} PvPanelInfo;

typedef struct
{
  PvDocument *document;
  PvTensorView *view;
  GtkLabel *label;
  GtkLabel *legend;     /* what differences' colours mean, and problems */
  PvShowMode show;      /* as asked */
  PvShowMode shown;     /* as possible: pyramids and mismatched shapes fall back */
  GArray *panels;       /* PvPanelInfo, one a panel of @view */
  double diff_max;      /* differences: the magnitude shown at full strength */
  gboolean diff_colour; /* differences: per channel, around gray */
} PvSlot;

G_END_DECLS
