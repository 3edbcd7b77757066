/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-presets.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "engine/options.h"

#define ONE_TO_SIXTEEN "1, 2, 3, 4\n5, 6, 7, 8\n9, 10, 11, 12\n13, 14, 15, 16\n"
#define FIVE_BY_FIVE "1, 2, 0, 3, 1\n0, 1, 2, 3, 1\n1, 2, 1, 0, 0\n5, 2, 3, 1, 1\n2, 1, 0, 1, 1\n"

static const PvPreset presets[] = {
  /* Worked examples. */
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
  { N_("36 × 36 → 12 × 12 adaptive average: the same as kernel 3, stride 3"), "@ramp:36",
    "adaptive_avg_pool2d", "--output-size 12,12" },
  { N_("128 × 128 → 14 × 14 adaptive average: no fixed kernel does this"), "@ramp:128",
    "adaptive_avg_pool2d", "--output-size 14,14" },
  /* Parameters to try on pictures. */
  { N_("Overlapping max pooling, kernel 3, stride 2 (AlexNet)"), NULL, "max_pool2d",
    "--kernel-size 3 --stride 2" },
  { N_("Max pooling, kernel 2, stride 2 (VGG)"), NULL, "max_pool2d", "--kernel-size 2" },
  { N_("Dilated max pooling, kernel 3, dilation 2"), NULL, "max_pool2d",
    "--kernel-size 3 --stride 1 --dilation 2" },
  { N_("Global average pooling"), NULL, "adaptive_avg_pool2d", "--output-size 1,1" },
  { N_("Adaptive average to 7 × 7 (ResNet's head)"), NULL, "adaptive_avg_pool2d",
    "--output-size 7,7" },
  { N_("TensorFlow \"same\" max pooling, kernel 3, stride 2"), NULL, "max_pool2d",
    "--kernel-size 3 --stride 2 --padding same" },
};

const PvPreset *
pv_preset_get (guint index)
{
  return index < G_N_ELEMENTS (presets) ? &presets[index] : NULL;
}

char *
pv_preset_matrix_text (const PvPreset *preset)
{
  GString *s;
  int n;

  if (preset->matrix == NULL)
    return NULL;
  if (!g_str_has_prefix (preset->matrix, "@ramp:"))
    return g_strdup (preset->matrix);
  /* A ramp with a ripple, so that windows differ and averages are not
   * all alike. */
  n = atoi (preset->matrix + 6);
  s = g_string_new (NULL);
  for (int r = 0; r < n; r++)
    {
      for (int c = 0; c < n; c++)
        g_string_append_printf (s, "%s%d", c ? ", " : "", (r + c) % 17 + (r * c) % 5);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

static gboolean
params_from_strings (const char *op_name, const char *options, pv_params *params)
{
  g_auto (GStrv) argv = NULL;
  pv_op op;

  if (op_name == NULL || !pv_op_from_name (op_name, &op))
    return FALSE;
  pv_params_init (params, op);
  if (options == NULL || options[0] == '\0')
    return TRUE;
  if (!g_shell_parse_argv (options, NULL, &argv, NULL))
    return FALSE;
  for (guint i = 0; argv[i] != NULL; i++)
    {
      const char *name = argv[i] + 2;
      const char *value = NULL;

      if (!g_str_has_prefix (argv[i], "--"))
        return FALSE;
      if (pv_option_get_kind (name) == PV_OPTION_VALUE)
        {
          value = argv[i + 1];
          if (value == NULL)
            return FALSE;
          i++;
        }
      if (pv_params_set_option (params, name, value, NULL) != PV_OK)
        return FALSE;
    }
  return TRUE;
}

gboolean
pv_preset_get_params (const PvPreset *preset, pv_params *params)
{
  return params_from_strings (preset->op, preset->options, params);
}

static char *
user_presets_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "poolview", "presets.ini", NULL);
}

void
pv_user_preset_free (PvPreset *p)
{
  g_free ((char *) p->title);
  g_free ((char *) p->matrix);
  g_free ((char *) p->op);
  g_free ((char *) p->options);
  g_free (p);
}

GPtrArray *
pv_user_presets_load (void)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_user_preset_free);
  g_autofree char *path = user_presets_path ();
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_auto (GStrv) groups = NULL;

  /* A missing or damaged file just means no presets of one's own. */
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return list;
  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      PvPreset *p = g_new0 (PvPreset, 1);
      pv_params check;

      p->title = g_strdup (groups[i]);
      p->op = g_key_file_get_string (file, groups[i], "operator", NULL);
      p->options = g_key_file_get_string (file, groups[i], "options", NULL);
      p->matrix = g_key_file_get_string (file, groups[i], "matrix", NULL);
      if (!params_from_strings (p->op, p->options, &check))
        {
          pv_user_preset_free (p);
          continue;
        }
      g_ptr_array_add (list, p);
    }
  return list;
}

const char *
pv_user_preset_name_problem (const char *name)
{
  gboolean blank = TRUE;

  if (!g_utf8_validate (name, -1, NULL))
    return _("A preset’s name must be UTF-8");
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '[' || c == ']' || g_unichar_iscntrl (c))
        return _("A preset’s name cannot have “[”, “]” or a line break in it");
      if (!g_unichar_isspace (c))
        blank = FALSE;
    }
  return blank ? _("Type a name for the preset") : NULL;
}

PvPreset *
pv_user_preset_copy (const PvPreset *preset)
{
  PvPreset *p = g_new0 (PvPreset, 1);

  p->title = g_strdup (preset->title);
  p->op = g_strdup (preset->op);
  p->options = g_strdup (preset->options);
  p->matrix = g_strdup (preset->matrix);
  return p;
}

/* The user's presets file, to change: empty if there is none yet; FALSE if
 * it does not read, which @error says, for saving or for @removing (each
 * a whole sentence, for translators), and the file is left alone. */
static gboolean
load_for_change (GKeyFile *file, const char *path, gboolean removing, GError **error)
{
  g_autoptr (GError) load_error = NULL;

  if (g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, &load_error)
      || g_error_matches (load_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    return TRUE;
  if (removing)
    g_set_error (error, load_error->domain, load_error->code,
                 _("Your presets in %s do not read (%s); mend or remove the file to remove "
                   "one"),
                 path, load_error->message);
  else
    g_set_error (error, load_error->domain, load_error->code,
                 _("Your presets in %s do not read (%s); mend or remove the file to save "
                   "new ones"),
                 path, load_error->message);
  return FALSE;
}

gboolean
pv_user_presets_save (const char *name, const pv_params *params, const char *matrix,
                      GError **error)
{
  g_autofree char *path = user_presets_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GKeyFile) file = g_key_file_new ();
  const char *problem = pv_user_preset_name_problem (name);
  char options[512];

  if (problem != NULL)
    {
      g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, problem);
      return FALSE;
    }
  if (!load_for_change (file, path, FALSE, error))
    return FALSE;
  g_key_file_remove_group (file, name, NULL);
  pv_params_format_options (params, options, sizeof options);
  g_key_file_set_string (file, name, "operator", pv_op_get_info (params->op)->name);
  g_key_file_set_string (file, name, "options", options);
  if (matrix != NULL)
    g_key_file_set_string (file, name, "matrix", matrix);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   _("Cannot create %s"), dir);
      return FALSE;
    }
  /* g_key_file_save_to_file() writes a temporary file and renames it. */
  return g_key_file_save_to_file (file, path, error);
}

gboolean
pv_user_presets_remove (const char *name, GError **error)
{
  g_autofree char *path = user_presets_path ();
  g_autoptr (GKeyFile) file = g_key_file_new ();

  if (!load_for_change (file, path, TRUE, error))
    return FALSE;
  if (!g_key_file_remove_group (file, name, NULL))
    return TRUE; /* gone already, perhaps by another window */
  return g_key_file_save_to_file (file, path, error);
}
