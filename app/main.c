/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "ui/pv-application.h"
#include "ui/pv-ui.h"

int
main (int argc, char **argv)
{
  g_autoptr (PvApplication) app = NULL;

  pv_ui_init_translations ();
  pv_ui_init ();
  g_set_application_name ("PoolView");
  app = pv_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
