/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-presets.h"

#include <glib/gi18n.h>

#include "engine/options.h"

#define ONE_TO_SIXTEEN "1, 2, 3, 4\n5, 6, 7, 8\n9, 10, 11, 12\n13, 14, 15, 16\n"
#define FIVE_BY_FIVE "1, 2, 0, 3, 1\n0, 1, 2, 3, 1\n1, 2, 1, 0, 0\n5, 2, 3, 1, 1\n2, 1, 0, 1, 1\n"

static const PvPreset presets[] = {
  { N_("Worked examples…"), NULL, NULL, NULL },
  { N_("4 × 4 of 1–16, max pooling, kernel 2, stride 2"), ONE_TO_SIXTEEN, "max_pool2d",
    "--kernel-size 2 --stride 2" },
  { N_("5 × 5, max pooling, kernel 3, ceil_mode"), FIVE_BY_FIVE, "max_pool2d",
    "--kernel-size 3 --ceil-mode" },
  { N_("5 × 5, max pooling, kernel 3, floor mode"), FIVE_BY_FIVE, "max_pool2d",
    "--kernel-size 3" },
  { N_("4 × 4 of 1–16, average pooling, kernel 2, stride 2"), ONE_TO_SIXTEEN, "avg_pool2d",
    "--kernel-size 2 --stride 2" },
  { N_("1–6, max_pool1d, kernel 2, stride 2"), "1, 2, 3, 4, 5, 6\n", "max_pool1d",
    "--kernel-size 2 --stride 2" },
  { N_("4 × 4 of 1–16, average, kernel 3, stride 2, padding 1, ceil_mode: the divisor"),
    ONE_TO_SIXTEEN, "avg_pool2d", "--kernel-size 3 --stride 2 --padding 1 --ceil-mode" },
};

const PvPreset *
pv_preset_get (guint index)
{
  return index < G_N_ELEMENTS (presets) ? &presets[index] : NULL;
}

void
pv_preset_get_params (const PvPreset *preset, pv_params *params)
{
  g_auto (GStrv) argv = NULL;
  pv_op op = PV_OP_MAX_POOL2D;

  if (preset->op != NULL)
    pv_op_from_name (preset->op, &op);
  pv_params_init (params, op);
  if (preset->options == NULL || !g_shell_parse_argv (preset->options, NULL, &argv, NULL))
    return;
  for (guint i = 0; argv[i] != NULL; i++)
    {
      const char *name = argv[i] + 2;
      const char *value = pv_option_get_kind (name) == PV_OPTION_VALUE ? argv[++i] : NULL;

      /* The table is ours; a typo in it is a programming error. */
      if (pv_params_set_option (params, name, value, NULL) != PV_OK)
        g_critical ("preset \"%s\": bad option --%s", preset->title, name);
      if (value == NULL && pv_option_get_kind (name) == PV_OPTION_VALUE)
        break;
    }
}
