/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-ui.h"

#include "poolview-resources.h"

void
pv_ui_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      poolview_register_resource ();
      g_once_init_leave (&done, 1);
    }
}
