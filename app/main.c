/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ui/pv-application.h"
#include "ui/pv-ui.h"

int
main (int argc, char **argv)
{
  g_autoptr (PvApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  pv_ui_init ();
  g_set_application_name ("PoolView");
  app = pv_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
