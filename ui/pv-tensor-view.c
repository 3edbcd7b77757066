/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-tensor-view.h"

#include <math.h>

#include "pv-palette.h"

#define GAP 28.0           /* screen pixels between panels */
#define TITLE_H 20.0       /* room above the panels for their titles */
#define GRID_FROM 8.0      /* cells at least this wide get grid lines */
#define NUMBERS_FROM 26.0  /* ... and their values printed */
#define DRAG_THRESHOLD 4.0

struct _PvTensorView
{
  GtkWidget parent_instance;

  GPtrArray *panels;
  PvViewport *viewport;
  double factor_x, factor_y;
  GArray *marks;
  int ceil_row_from, ceil_col_from;
  int heat_panel;
  PvPanel *heat; /* the heat map's pixels, over panel heat_panel (its size), or NULL */
  char *stale;
  char *placeholder;

  /* Pointer state: a press that moves becomes a pan, one that does not a click. */
  double press_x, press_y;
  double drag_u, drag_v;
  gboolean dragging;
  double pointer_x, pointer_y;   /* the last position seen: scroll events carry none */
  double last_zoom_scale;
  double margin_rows, margin_cols;
  gboolean hide_values, hide_grid;
  guint wrap;                    /* 0, or panels wrap this many at a time (see set_wrap) */

  /* The decorations (titles, grid and values, ceil_mode marks) last
   * given to GTK, given again while nothing they show has changed: the
   * setters that change them bump decor_serial (see append_overlays). */
  GskRenderNode *decor_node;
  double decor_key[8];
  guint decor_serial;
};

enum
{
  SIGNAL_HOVER,
  SIGNAL_CELL_ACTIVATED,
  SIGNAL_MOVE_CURSOR,
  SIGNAL_CLEAR_SELECTION,
  SIGNAL_RESIZED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PvTensorView, pv_tensor_view, GTK_TYPE_WIDGET)

PvPanel *
pv_panel_new (int rows, int cols, PvPixels *pixels, PvTensorRef *owner, const float *values,
              const char *title, int id)
{
  PvPanel *panel = g_new0 (PvPanel, 1);

  panel->rows = rows;
  panel->cols = cols;
  panel->pixels = pixels;
  panel->values_owner = owner ? pv_tensor_ref_ref (owner) : NULL;
  panel->values = values;
  panel->title = g_strdup (title);
  panel->id = id;
  panel->cell_scale = 1.0;
  return panel;
}

void
pv_panel_free (PvPanel *panel)
{
  g_clear_pointer (&panel->pixels, pv_pixels_free);
  g_clear_pointer (&panel->drawn, cairo_surface_destroy);
  g_clear_pointer (&panel->node, gsk_render_node_unref);
  g_clear_pointer (&panel->values_owner, pv_tensor_ref_unref);
  g_free (panel->title);
  g_free (panel);
}

/* ---------------------------------------------------------------------------
 * Layout: where each panel lands on screen.
 */

typedef struct
{
  double sx, sy;        /* screen pixels per cell */
  double ox, oy;        /* screen position of the content's top-left corner */
  double content_w, content_h;
  guint columns;        /* panels a row: all of them unless wrapping */
} Layout;

static double
scale_x (PvTensorView *self)
{
  return (self->viewport ? pv_viewport_get_zoom (self->viewport) : 1.0) * self->factor_x;
}

static double
scale_y (PvTensorView *self)
{
  return (self->viewport ? pv_viewport_get_zoom (self->viewport) : 1.0) * self->factor_y;
}

/* Panels go row by row, @columns a row; a column is as wide as its widest
 * panel and a row as tall as its tallest. The width of grid column @j and
 * the height of grid row @r, in cells. */
static double
column_cells (PvTensorView *self, guint columns, guint j)
{
  double w = 0.0;

  for (guint i = j; i < self->panels->len; i += columns)
    {
      PvPanel *p = self->panels->pdata[i];

      w = MAX (w, p->cols * p->cell_scale);
    }
  return w;
}

static double
row_cells (PvTensorView *self, guint columns, guint r)
{
  double h = 0.0;

  for (guint i = r * columns; i < MIN ((r + 1) * columns, self->panels->len); i++)
    {
      PvPanel *p = self->panels->pdata[i];

      h = MAX (h, p->rows * p->cell_scale);
    }
  return h;
}

static guint
grid_rows (PvTensorView *self, guint columns)
{
  return (self->panels->len + columns - 1) / columns;
}

/* Where panel @index starts, from the content's corner, its title above. */
static void
panel_offset (PvTensorView *self, guint columns, guint index, double sx, double sy, double *x,
              double *y)
{
  *x = 0.0;
  *y = TITLE_H;
  for (guint j = 0; j < index % columns; j++)
    *x += column_cells (self, columns, j) * sx + GAP;
  for (guint r = 0; r < index / columns; r++)
    *y += row_cells (self, columns, r) * sy + GAP + TITLE_H;
}

/* The zoom at which the panels, @columns a row, fill a view of @width by
 * @height with room for the windows' margins. */
static double
fit_zoom_for (PvTensorView *self, guint columns, double width, double height)
{
  guint rows = grid_rows (self, columns);
  double cells_w = 0, cells_h = 0, zx, zy;

  for (guint j = 0; j < columns; j++)
    cells_w += column_cells (self, columns, j) + 2 * self->margin_cols;
  for (guint r = 0; r < rows; r++)
    cells_h += row_cells (self, columns, r) + 2 * self->margin_rows;
  zx = (width - GAP * (columns - 1)) / (cells_w * self->factor_x);
  zy = (height - (TITLE_H + GAP) * (rows - 1)) / (cells_h * self->factor_y);
  return MIN (zx, zy);
}

/* The room a fitted view leaves around its content. */
static void
fit_room (PvTensorView *self, double *width, double *height)
{
  *width = gtk_widget_get_width (GTK_WIDGET (self)) - 24.0;
  *height = gtk_widget_get_height (GTK_WIDGET (self)) - TITLE_H - 24.0;
}

/* All panels in one row, or, wrapping, as many groups a row as shows them
 * largest in the view as it is now (whatever the zoom, so that zooming
 * does not move them about). */
static guint
layout_columns (PvTensorView *self)
{
  guint n = MAX (self->panels->len, 1), best = n;
  double width, height, best_zoom;

  if (self->wrap == 0)
    return n;
  fit_room (self, &width, &height);
  best_zoom = fit_zoom_for (self, n, width, height);
  for (guint c = (n - 1) / self->wrap * self->wrap; c >= 1; c -= self->wrap)
    {
      double z = fit_zoom_for (self, c, width, height);

      if (z > best_zoom * 1.001)
        best = c, best_zoom = z;
    }
  return best;
}

/* Screen pixels per cell of panel @p. */
static void
panel_scale (const PvPanel *p, const Layout *l, double *sx, double *sy)
{
  *sx = l->sx * p->cell_scale;
  *sy = l->sy * p->cell_scale;
}

static Layout
compute_layout (PvTensorView *self)
{
  Layout l = { scale_x (self), scale_y (self), 0, 0, 0, 0, layout_columns (self) };
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double u = 0.5, v = 0.5;

  if (self->panels->len > 0)
    {
      guint rows = grid_rows (self, l.columns);

      for (guint j = 0; j < l.columns; j++)
        l.content_w += column_cells (self, l.columns, j) * l.sx;
      l.content_w += GAP * (l.columns - 1);
      for (guint r = 0; r < rows; r++)
        l.content_h += row_cells (self, l.columns, r) * l.sy + TITLE_H;
      l.content_h += GAP * (rows - 1);
    }
  if (self->viewport)
    pv_viewport_get_center (self->viewport, &u, &v);
  /* Content smaller than the view stays centred instead of drifting. */
  l.ox = l.content_w <= width ? (width - l.content_w) / 2 : width / 2 - u * l.content_w;
  l.oy = l.content_h <= height ? (height - l.content_h) / 2 : height / 2 - v * l.content_h;
  return l;
}

static void
panel_origin (PvTensorView *self, const Layout *l, guint index, double *x, double *y)
{
  panel_offset (self, l->columns, index, l->sx, l->sy, x, y);
  *x += l->ox;
  *y += l->oy;
}

double
pv_tensor_view_get_fit_zoom (PvTensorView *self)
{
  double width, height;

  fit_room (self, &width, &height);
  if (self->panels->len == 0 || width <= 0 || height <= 0)
    return 1.0;
  return MAX (fit_zoom_for (self, layout_columns (self), width, height), PV_VIEWPORT_MIN_ZOOM);
}

/* Which panel and cell lie under (x, y); FALSE when none. */
static gboolean
hit_test (PvTensorView *self, double x, double y, int *panel, int *row, int *col)
{
  Layout l = compute_layout (self);

  for (guint i = 0; i < self->panels->len; i++)
    {
      PvPanel *p = self->panels->pdata[i];
      double px, py, cx, cy, sx, sy;

      panel_origin (self, &l, i, &px, &py);
      panel_scale (p, &l, &sx, &sy);
      cx = (x - px) / sx;
      cy = (y - py) / sy;
      if (cx >= 0 && cy >= 0 && cx < p->cols && cy < p->rows)
        {
          *panel = (int) i;
          *row = (int) cy;
          *col = (int) cx;
          return TRUE;
        }
    }
  return FALSE;
}

/* ---------------------------------------------------------------------------
 * Drawing.
 */

/* Draws panel @p's cells at (px, py), each sx x sy, where they meet @visible,
 * at @device pixels to the unit: magnified, one pixel a visible cell,
 * enlarged crisp; reduced, one pixel a device pixel, each the mean of the
 * cells under it. Either way the work is what is on screen. */
static void
draw_panel_pixels (PvPanel *p, cairo_t *cr, double px, double py, double sx, double sy,
                   const graphene_rect_t *visible, double device)
{
  double key[6];
  gboolean magnified = sx >= 1.0 && sy >= 1.0;

  cairo_save (cr);
  cairo_rectangle (cr, visible->origin.x, visible->origin.y, visible->size.width,
                   visible->size.height);
  cairo_clip (cr);
  if (magnified)
    {
      int c0 = MAX (0, (int) floor ((visible->origin.x - px) / sx));
      int r0 = MAX (0, (int) floor ((visible->origin.y - py) / sy));
      int c1 = MIN (p->cols, (int) ceil ((visible->origin.x + visible->size.width - px) / sx));
      int r1 = MIN (p->rows, (int) ceil ((visible->origin.y + visible->size.height - py) / sy));

      key[0] = 0, key[1] = r0, key[2] = c0, key[3] = r1, key[4] = c1, key[5] = 1;
      if (c1 <= c0 || r1 <= r0)
        {
          cairo_restore (cr);
          return;
        }
      if (p->drawn == NULL || memcmp (key, p->drawn_key, sizeof key) != 0)
        {
          g_clear_pointer (&p->drawn, cairo_surface_destroy);
          p->drawn = pv_pixels_render (p->pixels, r0, c0, 1.0, 1.0, c1 - c0, r1 - r0);
          memcpy (p->drawn_key, key, sizeof key);
        }
      cairo_translate (cr, px + c0 * sx, py + r0 * sy);
      cairo_scale (cr, sx, sy);
    }
  else
    {
      int w = (int) ceil (visible->size.width * device);
      int h = (int) ceil (visible->size.height * device);
      double col0 = (visible->origin.x - px) / sx, row0 = (visible->origin.y - py) / sy;

      key[0] = 1, key[1] = row0, key[2] = col0, key[3] = 1.0 / (sy * device), key[4] = w,
      key[5] = h;
      if (p->drawn == NULL || memcmp (key, p->drawn_key, sizeof key) != 0)
        {
          g_clear_pointer (&p->drawn, cairo_surface_destroy);
          p->drawn = pv_pixels_render (p->pixels, row0, col0, 1.0 / (sy * device),
                                       1.0 / (sx * device), w, h);
          memcpy (p->drawn_key, key, sizeof key);
        }
      cairo_translate (cr, visible->origin.x, visible->origin.y);
      cairo_scale (cr, 1.0 / device, 1.0 / device);
    }
  cairo_set_source_surface (cr, p->drawn, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* Panel @p's pixels at (@px, @py), @sx x @sy a cell, as a node of their
 * own, the same node while the view does not move: pointing at a cell then
 * repaints the marks, not the pictures under them. */
static void
append_panel_node (PvPanel *p, GtkSnapshot *snapshot, double px, double py, double sx,
                   double sy, const graphene_rect_t *bounds, double device)
{
  graphene_rect_t rect = GRAPHENE_RECT_INIT (px, py, p->cols * sx, p->rows * sy), visible;

  if (!graphene_rect_intersection (&rect, bounds, &visible))
    return;

  /* What draw_panel_pixels draws depends on nothing else. */
  double key[9] = { px, py, sx, sy, visible.origin.x, visible.origin.y,
                    visible.size.width, visible.size.height, device };
  if (p->node == NULL || memcmp (key, p->node_key, sizeof key) != 0)
    {
      cairo_t *cr;

      g_clear_pointer (&p->node, gsk_render_node_unref);
      p->node = gsk_cairo_node_new (&visible);
      cr = gsk_cairo_node_get_draw_context (p->node);
      draw_panel_pixels (p, cr, px, py, sx, sy, &visible, device);
      cairo_destroy (cr);
      memcpy (p->node_key, key, sizeof key);
    }
  gtk_snapshot_append_node (snapshot, p->node);
}

/* The panels' pixels, then the heat map over its panel: a node each. */
static void
append_pixels (PvTensorView *self, GtkSnapshot *snapshot, const Layout *l)
{
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (GTK_WIDGET (self)),
                                               gtk_widget_get_height (GTK_WIDGET (self)));
  double device = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double px, py, sx, sy;

  for (guint i = 0; i < self->panels->len; i++)
    {
      PvPanel *p = self->panels->pdata[i];

      panel_origin (self, l, i, &px, &py);
      panel_scale (p, l, &sx, &sy);
      append_panel_node (p, snapshot, px, py, sx, sy, &bounds, device);
    }
  if (self->heat != NULL)
    {
      panel_origin (self, l, (guint) self->heat_panel, &px, &py);
      panel_scale (self->panels->pdata[self->heat_panel], l, &sx, &sy);
      append_panel_node (self->heat, snapshot, px, py, sx, sy, &bounds, device);
    }
}

static void
set_rgba (cairo_t *cr, guint32 rgb, double alpha)
{
  cairo_set_source_rgba (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0, alpha);
}

/* An outline drawn twice, dark under light, so that it shows on any
 * picture. */
static void
outline (cairo_t *cr, double x, double y, double w, double h, guint32 rgb, double width)
{
  cairo_rectangle (cr, x, y, w, h);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
  cairo_set_line_width (cr, width + 2.0);
  cairo_stroke_preserve (cr);
  set_rgba (cr, rgb, 1.0);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
}

static void
hatch (cairo_t *cr, double x, double y, double w, double h, guint32 rgb, double alpha)
{
  double step = 6.0;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  set_rgba (cr, rgb, alpha * 0.35);
  cairo_paint (cr);
  set_rgba (cr, rgb, alpha);
  cairo_set_line_width (cr, 1.5);
  for (double d = -h; d < w; d += step)
    {
      cairo_move_to (cr, x + d, y + h);
      cairo_line_to (cr, x + d + h, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Value labels smaller than this are not drawn: unreadable, they would
 * only darken the cells. */
#define LABEL_MIN_SIZE 7.0
/* Room left of and right of a label within its cell, so that neighbours'
 * digits do not run together. */
#define LABEL_MARGIN 2.0

static double
label_base_size (double w, double h)
{
  return MIN (MIN (w, h) * 0.32, 15.0);
}

static PangoLayout *
label_layout (PvTensorView *self, const char *text, double size)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoFontDescription *font = pango_font_description_from_string ("Sans");

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

/* The size at which @text fits a cell @w wide, at most the cell's base
 * size; 0 when that is below LABEL_MIN_SIZE. Measured again after each
 * step down: hinted advances round to whole pixels, so widths do not
 * shrink in proportion. */
static double
label_fit_size (PvTensorView *self, const char *text, double w, double h)
{
  double size = label_base_size (w, h), room = w - 2 * LABEL_MARGIN;

  if (text[0] == '\0')
    return 0.0;
  while (size >= LABEL_MIN_SIZE)
    {
      PangoLayout *layout = label_layout (self, text, size);
      int tw, th;

      pango_layout_get_pixel_size (layout, &tw, &th);
      g_object_unref (layout);
      if (tw <= room)
        return size;
      size = MIN (size * room / tw, size - 0.5);
    }
  return 0.0;
}

/* @text centred in the cell at @size (nothing when 0). */
static void
draw_label_sized (PvTensorView *self, cairo_t *cr, double x, double y, double w, double h,
                  const char *text, gboolean dark_background, double size)
{
  PangoLayout *layout;
  int tw, th;

  if (size <= 0.0 || text[0] == '\0')
    return;
  layout = label_layout (self, text, size);
  pango_layout_get_pixel_size (layout, &tw, &th);
  /* On whole pixels, where hinted glyphs are drawn sharpest. */
  cairo_move_to (cr, round (x + (w - tw) / 2.0), round (y + (h - th) / 2.0));
  if (dark_background)
    cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
  else
    cairo_set_source_rgba (cr, 0, 0, 0, 0.9);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
draw_label (PvTensorView *self, cairo_t *cr, double x, double y, double w, double h,
            const char *text, gboolean dark_background)
{
  draw_label_sized (self, cr, x, y, w, h, text, dark_background,
                    label_fit_size (self, text, w, h));
}

static void
format_value (float v, char *buf, gsize size)
{
  if (isnan (v))
    g_strlcpy (buf, "NaN", size);
  else if (isinf (v))
    g_strlcpy (buf, v > 0 ? "∞" : "−∞", size);
  else if (v == floorf (v) && fabsf (v) < 1e7f)
    g_snprintf (buf, size, "%.0f", (double) v);
  else
    g_snprintf (buf, size, "%.4g", (double) v);
}

static gboolean
is_dark (const PvPixels *pixels, int row, int col)
{
  guint32 px = pv_pixels_get (pixels, row, col);
  double lum = 0.2126 * ((px >> 16) & 0xff) + 0.7152 * ((px >> 8) & 0xff) + 0.0722 * (px & 0xff);

  return lum < 128.0;
}

/* The cells of panel @i that are on screen: [r0, r1) x [c0, c1). */
static void
visible_cells (PvTensorView *self, const Layout *l, guint i, int *r0, int *r1, int *c0, int *c1)
{
  PvPanel *p = self->panels->pdata[i];
  double px, py, sx, sy;
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));

  panel_origin (self, l, i, &px, &py);
  panel_scale (p, l, &sx, &sy);
  *c0 = CLAMP ((int) floor (-px / sx), 0, p->cols);
  *c1 = CLAMP ((int) ceil ((w - px) / sx), 0, p->cols);
  *r0 = CLAMP ((int) floor (-py / sy), 0, p->rows);
  *r1 = CLAMP ((int) ceil ((h - py) / sy), 0, p->rows);
}

/* Whether panel @p, at @psx x @psy pixels a cell, prints its values. */
static gboolean
shows_values (PvTensorView *self, const PvPanel *p, double psx, double psy)
{
  return !self->hide_values && p->values != NULL && psx >= NUMBERS_FROM && psy >= NUMBERS_FROM;
}

static void
draw_grid_and_numbers (PvTensorView *self, cairo_t *cr, const Layout *l)
{
  for (guint i = 0; i < self->panels->len; i++)
    {
      PvPanel *p = self->panels->pdata[i];
      int r0, r1, c0, c1;
      double px, py, psx, psy;

      panel_origin (self, l, i, &px, &py);
      panel_scale (p, l, &psx, &psy);
      visible_cells (self, l, i, &r0, &r1, &c0, &c1);
      if (!self->hide_grid && psx >= GRID_FROM && psy >= GRID_FROM)
        {
          cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.55);
          cairo_set_line_width (cr, 1.0);
          for (int c = c0; c <= c1; c++)
            {
              cairo_move_to (cr, round (px + c * psx) + 0.5, py + r0 * psy);
              cairo_line_to (cr, round (px + c * psx) + 0.5, py + r1 * psy);
            }
          for (int r = r0; r <= r1; r++)
            {
              cairo_move_to (cr, px + c0 * psx, round (py + r * psy) + 0.5);
              cairo_line_to (cr, px + c1 * psx, round (py + r * psy) + 0.5);
            }
          cairo_stroke (cr);
        }
      if (shows_values (self, p, psx, psy))
        {
          /* One size for the panel, the one its widest visible value fits
           * at, so that the numbers line up; none when they would be too
           * small to read (5-digit 16-bit samples at low zoom). */
          char text[32], widest[32] = "";
          int widest_w = -1;
          double size;
          PangoLayout *layout = label_layout (self, "", label_base_size (psx, psy));

          for (int r = r0; r < r1; r++)
            for (int c = c0; c < c1; c++)
              {
                int tw, th;

                format_value (p->values[r * p->cols + c], text, sizeof text);
                pango_layout_set_text (layout, text, -1);
                pango_layout_get_pixel_size (layout, &tw, &th);
                if (tw > widest_w)
                  {
                    widest_w = tw;
                    g_strlcpy (widest, text, sizeof widest);
                  }
              }
          g_object_unref (layout);
          size = label_fit_size (self, widest, psx, psy);
          for (int r = r0; r < r1 && size > 0.0; r++)
            for (int c = c0; c < c1; c++)
              {
                format_value (p->values[r * p->cols + c], text, sizeof text);
                draw_label_sized (self, cr, px + c * psx, py + r * psy, psx, psy, text,
                                  is_dark (p->pixels, r, c), size);
              }
        }
    }
}

static void
draw_ceil_marks (PvTensorView *self, cairo_t *cr, const Layout *l)
{
  if (self->ceil_row_from < 0 && self->ceil_col_from < 0)
    return;
  for (guint i = 0; i < self->panels->len; i++)
    {
      PvPanel *p = self->panels->pdata[i];
      int r0, r1, c0, c1;
      double px, py, psx, psy, s;

      panel_origin (self, l, i, &px, &py);
      panel_scale (p, l, &psx, &psy);
      s = MIN (psx, psy);
      visible_cells (self, l, i, &r0, &r1, &c0, &c1);
      if (s < 6.0)
        {
          /* Too small for per-cell marks: a warning band along the extra
           * rows and columns. */
          set_rgba (cr, COLOR_WARNING, 0.9);
          if (self->ceil_col_from >= 0 && self->ceil_col_from < p->cols)
            cairo_rectangle (cr, px + p->cols * psx + 2, py, 4, p->rows * psy);
          if (self->ceil_row_from >= 0 && self->ceil_row_from < p->rows)
            cairo_rectangle (cr, px, py + p->rows * psy + 2, p->cols * psx, 4);
          cairo_fill (cr);
          continue;
        }
      for (int r = r0; r < r1; r++)
        for (int c = c0; c < c1; c++)
          {
            double x, y, t = MAX (s * 0.3, 5.0);

            if (!((self->ceil_row_from >= 0 && r >= self->ceil_row_from)
                  || (self->ceil_col_from >= 0 && c >= self->ceil_col_from)))
              continue;
            x = px + (c + 1) * psx;
            y = py + r * psy;
            cairo_move_to (cr, x, y);
            cairo_line_to (cr, x - t, y);
            cairo_line_to (cr, x, y + t);
            cairo_close_path (cr);
            set_rgba (cr, COLOR_WARNING, 0.95);
            cairo_fill_preserve (cr);
            cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
            cairo_set_line_width (cr, 1.0);
            cairo_stroke (cr);
          }
    }
}

static void
draw_mark (PvTensorView *self, cairo_t *cr, const Layout *l, const PvMark *m)
{
  double px, py, psx, psy, x, y, w, h;

  if (m->panel < 0 || (guint) m->panel >= self->panels->len)
    return;
  panel_origin (self, l, (guint) m->panel, &px, &py);
  panel_scale (self->panels->pdata[m->panel], l, &psx, &psy);
  x = px + m->col * psx;
  y = py + m->row * psy;
  w = m->cols * psx;
  h = m->rows * psy;

  switch (m->kind)
    {
    case PV_MARK_TAP:
      if (w < 5.0)
        {
          set_rgba (cr, COLOR_TAP, 0.55);
          cairo_rectangle (cr, x, y, w, h);
          cairo_fill (cr);
        }
      else
        outline (cr, x + 1.5, y + 1.5, w - 3, h - 3, COLOR_TAP, 2.0);
      break;
    case PV_MARK_PADDING:
      hatch (cr, x, y, w, h, COLOR_PADDING, 0.9);
      cairo_set_dash (cr, (double[]) { 3.0, 2.0 }, 2, 0);
      outline (cr, x + 1, y + 1, w - 2, h - 2, COLOR_PADDING, 1.0);
      cairo_set_dash (cr, NULL, 0, 0);
      draw_label (self, cr, x, y, w, h, m->label, FALSE);
      break;
    case PV_MARK_OVERHANG:
      hatch (cr, x, y, w, h, COLOR_WARNING, 0.5);
      cairo_set_dash (cr, (double[]) { 5.0, 3.0 }, 2, 0);
      outline (cr, x + 1.5, y + 1.5, w - 3, h - 3, COLOR_WARNING, 2.0);
      cairo_set_dash (cr, NULL, 0, 0);
      break;
    case PV_MARK_WINNER:
      {
        /* A dot in the middle, or, where the cell prints its value, in
         * the corner, the cell outlined in the dot's colour instead of
         * the taps': the value the max took stays readable. */
        gboolean value_shown = shows_values (self, self->panels->pdata[m->panel], psx, psy);
        double r = value_shown ? MAX (MIN (w, h) * 0.1, 3.0) : MAX (MIN (w, h) * 0.22, 3.0);

        if (value_shown)
          outline (cr, x + 1.5, y + 1.5, w - 3, h - 3, COLOR_WINNER, 2.0);
        cairo_arc (cr, value_shown ? x + 3 + r : x + w / 2, value_shown ? y + 3 + r : y + h / 2,
                   r, 0, 2 * G_PI);
        set_rgba (cr, COLOR_WINNER, 1.0);
        cairo_fill_preserve (cr);
        cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
        cairo_set_line_width (cr, 1.5);
        cairo_stroke (cr);
      }
      break;
    case PV_MARK_WINDOW:
      outline (cr, x, y, w, h, COLOR_TAP, 3.0);
      break;
    case PV_MARK_SELECTED:
      set_rgba (cr, COLOR_WINNER, 0.18);
      cairo_rectangle (cr, x, y, w, h);
      cairo_fill (cr);
      outline (cr, x, y, w, h, COLOR_WINNER, 3.0);
      break;
    case PV_MARK_READER:
      set_rgba (cr, COLOR_TAP, 0.45);
      cairo_rectangle (cr, x, y, w, h);
      cairo_fill (cr);
      if (w >= 5.0)
        outline (cr, x + 1, y + 1, w - 2, h - 2, COLOR_TAP, 1.0);
      break;
    case PV_MARK_POINTED:
      outline (cr, x, y, w, h, COLOR_WINNER, 2.0);
      break;
    case PV_MARK_EMPTY:
      set_rgba (cr, COLOR_EMPTY, 0.9);
      cairo_set_line_width (cr, 2.5);
      cairo_move_to (cr, x + 2, y + 2);
      cairo_line_to (cr, x + w - 2, y + h - 2);
      cairo_move_to (cr, x + w - 2, y + 2);
      cairo_line_to (cr, x + 2, y + h - 2);
      cairo_stroke (cr);
      break;
    default:
      break;
    }
}

static void
draw_titles (PvTensorView *self, cairo_t *cr, const Layout *l)
{
  for (guint i = 0; i < self->panels->len; i++)
    {
      PvPanel *p = self->panels->pdata[i];
      PangoLayout *layout;
      double px, py;

      if (p->title == NULL)
        continue;
      panel_origin (self, l, i, &px, &py);
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), p->title);
      cairo_move_to (cr, px, py - TITLE_H + 2);
      {
        GdkRGBA fg;

        /* GTK 4.8 has no gtk_widget_get_color(). */
        gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &fg);
        cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.75);
      }
      pango_cairo_show_layout (cr, layout);
      g_object_unref (layout);
    }
}

static void
draw_stale (PvTensorView *self, cairo_t *cr, const Layout *l)
{
  PangoLayout *layout;
  int tw, th;

  cairo_rectangle (cr, l->ox, l->oy + TITLE_H, l->content_w, l->content_h - TITLE_H);
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.55);
  cairo_fill (cr);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->stale);
  pango_layout_set_width (layout, (int) (MIN (l->content_w, 420) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_get_pixel_size (layout, &tw, &th);
  set_rgba (cr, COLOR_WARNING, 0.95);
  cairo_rectangle (cr, 8, 8, tw + 16, th + 10);
  cairo_fill (cr);
  cairo_move_to (cr, 16, 13);
  cairo_set_source_rgb (cr, 1, 1, 1);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

/* What stays over the pixels while the pointer moves. */
static void
draw_decorations (PvTensorView *self, cairo_t *cr, const Layout *l)
{
  draw_titles (self, cr, l);
  draw_grid_and_numbers (self, cr, l);
  draw_ceil_marks (self, cr, l);
}

static void
draw_marks (PvTensorView *self, cairo_t *cr, const Layout *l)
{
  for (guint i = 0; i < self->marks->len; i++)
    draw_mark (self, cr, l, &g_array_index (self->marks, PvMark, i));
}

/* Everything drawn over the pixels, shared by the screen and figures. */
static void
draw_overlays (PvTensorView *self, cairo_t *cr, const Layout *l)
{
  draw_decorations (self, cr, l);
  draw_marks (self, cr, l);
  if (self->stale != NULL)
    draw_stale (self, cr, l);
}

void
pv_tensor_view_draw (PvTensorView *self, cairo_t *cr)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  Layout l = compute_layout (self);
  double device = 1.0, unused = 0.0;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  /* A figure may be drawn at twice the screen's size or more. */
  cairo_user_to_device_distance (cr, &device, &unused);
  device = MAX (fabs (device), 1.0);
  for (guint i = 0; i <= self->panels->len; i++)
    {
      /* The panels, then the heat map over its panel. */
      PvPanel *p = i < self->panels->len ? self->panels->pdata[i] : self->heat;
      guint at = i < self->panels->len ? i : (guint) self->heat_panel;
      double px, py, sx, sy;
      graphene_rect_t rect, visible;

      if (p == NULL)
        continue;
      panel_origin (self, &l, at, &px, &py);
      panel_scale (self->panels->pdata[at], &l, &sx, &sy);
      rect = GRAPHENE_RECT_INIT (px, py, p->cols * sx, p->rows * sy);
      if (!graphene_rect_intersection (&rect, &GRAPHENE_RECT_INIT (0, 0, width, height),
                                       &visible))
        continue;
      draw_panel_pixels (p, cr, px, py, sx, sy, &visible, device);
    }
  draw_overlays (self, cr, &l);
  cairo_restore (cr);
}

/* How far marks' outlines reach past their cells, and the cell width from
 * which a figure shows only whole cells (narrower cells blend anyway). */
#define MARK_REACH 4.0
#define WHOLE_CELLS_FROM 4.0

static void
extend (double *box, double x0, double y0, double x1, double y1)
{
  box[0] = MIN (box[0], x0);
  box[1] = MIN (box[1], y0);
  box[2] = MAX (box[2], x1);
  box[3] = MAX (box[3], y1);
}

/* Moves the cut edges of @box inwards to panel @p's cell edges, where the
 * view's edge cut it; @p lies at (px, py) with sx x sy cells. */
static void
keep_whole_cells (double *box, const PvPanel *p, double px, double py, double sx, double sy)
{
  double right = px + p->cols * sx, bottom = py + p->rows * sy;
  const double slack = 1e-6;

  if (sx >= WHOLE_CELLS_FROM && px < box[0] && box[0] < right)
    box[0] = px + ceil ((box[0] - px) / sx - slack) * sx;
  if (sx >= WHOLE_CELLS_FROM && px < box[2] && box[2] < right)
    box[2] = px + floor ((box[2] - px) / sx + slack) * sx;
  if (sy >= WHOLE_CELLS_FROM && py < box[1] && box[1] < bottom)
    box[1] = py + ceil ((box[1] - py) / sy - slack) * sy;
  if (sy >= WHOLE_CELLS_FROM && py < box[3] && box[3] < bottom)
    box[3] = py + floor ((box[3] - py) / sy + slack) * sy;
}

gboolean
pv_tensor_view_get_figure_bounds (PvTensorView *self, graphene_rect_t *bounds)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  Layout l = compute_layout (self);
  double box[4] = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };

  for (guint i = 0; i < self->panels->len; i++)
    {
      PvPanel *p = self->panels->pdata[i];
      double px, py, sx, sy;

      panel_origin (self, &l, i, &px, &py);
      panel_scale (p, &l, &sx, &sy);
      extend (box, px, py, px + p->cols * sx, py + p->rows * sy);
      if (p->title != NULL)
        {
          PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), p->title);
          int tw, th;

          pango_layout_get_pixel_size (layout, &tw, &th);
          extend (box, px, py - TITLE_H, px + tw, py);
          g_object_unref (layout);
        }
    }
  for (guint i = 0; i < self->marks->len; i++)
    {
      const PvMark *m = &g_array_index (self->marks, PvMark, i);
      double px, py, sx, sy;

      if (m->panel < 0 || (guint) m->panel >= self->panels->len)
        continue;
      panel_origin (self, &l, (guint) m->panel, &px, &py);
      panel_scale (self->panels->pdata[m->panel], &l, &sx, &sy);
      extend (box, px + m->col * sx - MARK_REACH, py + m->row * sy - MARK_REACH,
              px + (m->col + m->cols) * sx + MARK_REACH, py + (m->row + m->rows) * sy + MARK_REACH);
    }
  box[0] = MAX (box[0], 0.0);
  box[1] = MAX (box[1], 0.0);
  box[2] = MIN (box[2], width);
  box[3] = MIN (box[3], height);
  for (guint i = 0; i < self->panels->len; i++)
    {
      PvPanel *p = self->panels->pdata[i];
      double px, py, sx, sy;

      panel_origin (self, &l, i, &px, &py);
      panel_scale (p, &l, &sx, &sy);
      keep_whole_cells (box, p, px, py, sx, sy);
    }
  if (box[2] - box[0] < 1.0 || box[3] - box[1] < 1.0)
    return FALSE;
  *bounds = GRAPHENE_RECT_INIT (box[0], box[1], box[2] - box[0], box[3] - box[1]);
  return TRUE;
}

typedef void (*DrawFunc) (PvTensorView *self, cairo_t *cr, const Layout *l);

/* What @draw draws over the view, in a node no larger than what it covers
 * (NULL if it draws nothing): GTK repaints the bounds of a node that
 * changed, and the marks of a pointed cell are a small part of the view.
 * Recorded first to learn that extent (a fraction of a millisecond). */
static GskRenderNode *
record_node (PvTensorView *self, DrawFunc draw, const Layout *l, double width, double height)
{
  cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (recording);
  GskRenderNode *node = NULL;
  graphene_rect_t ink, bounds;
  double x, y, w, h;

  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  draw (self, cr, l);
  cairo_destroy (cr);
  cairo_recording_surface_ink_extents (recording, &x, &y, &w, &h);
  /* Whole pixels, and a margin: the extents cairo reports for text can
   * fall a pixel or two short of the glyphs' antialiased edges. */
  ink = GRAPHENE_RECT_INIT (floor (x) - 3, floor (y) - 3, ceil (x + w) - floor (x) + 6,
                            ceil (y + h) - floor (y) + 6);
  if (w > 0 && h > 0
      && graphene_rect_intersection (&ink, &GRAPHENE_RECT_INIT (0, 0, width, height), &bounds))
    {
      /* Drawn again rather than the recording painted: a recording used as
       * a source may be rasterised on its own grid first, which moves
       * text and edges by a fraction of a pixel against a figure's. */
      node = gsk_cairo_node_new (&bounds);
      cr = gsk_cairo_node_get_draw_context (node);
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_clip (cr);
      draw (self, cr, l);
      cairo_destroy (cr);
    }
  cairo_surface_destroy (recording);
  return node;
}

static void
append_and_unref (GtkSnapshot *snapshot, GskRenderNode *node)
{
  if (node == NULL)
    return;
  gtk_snapshot_append_node (snapshot, node);
  gsk_render_node_unref (node);
}

/* The decorations in a node kept while they do not change, so that only
 * the marks of the old and the new cell are repainted as the pointer
 * moves; then the marks, then the notice of a stale result over all. */
static void
append_overlays (PvTensorView *self, GtkSnapshot *snapshot, const Layout *l, double width,
                 double height)
{
  double key[8] = { l->sx, l->sy, l->ox, l->oy, width, height,
                    gtk_widget_get_scale_factor (GTK_WIDGET (self)), self->decor_serial };

  if (self->decor_node == NULL || memcmp (key, self->decor_key, sizeof key) != 0)
    {
      g_clear_pointer (&self->decor_node, gsk_render_node_unref);
      self->decor_node = record_node (self, draw_decorations, l, width, height);
      memcpy (self->decor_key, key, sizeof key);
    }
  if (self->decor_node != NULL)
    gtk_snapshot_append_node (snapshot, self->decor_node);
  append_and_unref (snapshot, record_node (self, draw_marks, l, width, height));
  if (self->stale != NULL)
    append_and_unref (snapshot, record_node (self, draw_stale, l, width, height));
}

static void
pv_tensor_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  PvTensorView *self = PV_TENSOR_VIEW (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  Layout l;

  if (self->panels->len == 0)
    {
      /* Nothing to show: why (the stale notice, when nothing was shown
       * before it either), else what will appear here. */
      const char *text = self->stale != NULL ? self->stale : self->placeholder;

      if (text != NULL)
        {
          PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
          int tw, th;
          GdkRGBA fg;

          pango_layout_set_width (layout, (int) ((width - 40) * PANGO_SCALE));
          pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
          pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
          pango_layout_get_pixel_size (layout, &tw, &th);
          gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
          if (self->stale == NULL)
            fg.alpha *= 0.6f;
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (20, (float) (height - th) / 2));
          gtk_snapshot_append_layout (snapshot, layout, &fg);
          gtk_snapshot_restore (snapshot);
          g_object_unref (layout);
        }
      return;
    }

  l = compute_layout (self);
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  append_pixels (self, snapshot, &l);
  append_overlays (self, snapshot, &l, width, height);
  gtk_snapshot_pop (snapshot);
}

/* ---------------------------------------------------------------------------
 * Input.
 */

static void
motion_cb (GtkEventControllerMotion *motion, double x, double y, PvTensorView *self)
{
  int panel = -1, row = -1, col = -1;

  self->pointer_x = x;
  self->pointer_y = y;
  if (self->dragging && self->viewport != NULL)
    return;
  if (!hit_test (self, x, y, &panel, &row, &col))
    panel = -1;
  g_signal_emit (self, signals[SIGNAL_HOVER], 0, panel, row, col);
}

static void
leave_cb (GtkEventControllerMotion *motion, PvTensorView *self)
{
  g_signal_emit (self, signals[SIGNAL_HOVER], 0, -1, -1, -1);
}

static void
drag_begin_cb (GtkGestureDrag *drag, double x, double y, PvTensorView *self)
{
  self->press_x = x;
  self->press_y = y;
  self->dragging = FALSE;
  if (self->viewport)
    pv_viewport_get_center (self->viewport, &self->drag_u, &self->drag_v);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
drag_update_cb (GtkGestureDrag *drag, double dx, double dy, PvTensorView *self)
{
  Layout l;

  if (!self->dragging && hypot (dx, dy) < DRAG_THRESHOLD)
    return;
  self->dragging = TRUE;
  if (self->viewport == NULL)
    return;
  l = compute_layout (self);
  pv_viewport_set (self->viewport, pv_viewport_get_zoom (self->viewport),
                   self->drag_u - (l.content_w > 0 ? dx / l.content_w : 0),
                   self->drag_v - (l.content_h > 0 ? dy / l.content_h : 0));
}

static void
drag_end_cb (GtkGestureDrag *drag, double dx, double dy, PvTensorView *self)
{
  int panel, row, col;

  if (!self->dragging && hit_test (self, self->press_x, self->press_y, &panel, &row, &col))
    g_signal_emit (self, signals[SIGNAL_CELL_ACTIVATED], 0, panel, row, col);
  self->dragging = FALSE;
}

static void
zoom_at_point (PvTensorView *self, double factor, double x, double y)
{
  Layout l = compute_layout (self);
  double u = l.content_w > 0 ? (x - l.ox) / l.content_w : 0.5;
  double v = l.content_h > 0 ? (y - l.oy) / l.content_h : 0.5;

  pv_viewport_zoom_at (self->viewport, factor, CLAMP (u, 0, 1), CLAMP (v, 0, 1));
}

static gboolean
scroll_cb (GtkEventControllerScroll *scroll, double dx, double dy, PvTensorView *self)
{
  GdkModifierType state;
  Layout l;

  if (self->viewport == NULL)
    return FALSE;
  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));
  if (state & GDK_CONTROL_MASK)
    {
      zoom_at_point (self, pow (1.15, -dy), self->pointer_x, self->pointer_y);
      return TRUE;
    }
  l = compute_layout (self);
  pv_viewport_pan (self->viewport, l.content_w > 0 ? dx * 40.0 / l.content_w : 0,
                   l.content_h > 0 ? dy * 40.0 / l.content_h : 0);
  return TRUE;
}

static void
zoom_begin_cb (GtkGesture *gesture, GdkEventSequence *sequence, PvTensorView *self)
{
  self->last_zoom_scale = 1.0;
}

static void
zoom_scale_cb (GtkGestureZoom *gesture, double scale, PvTensorView *self)
{
  double x, y;

  if (self->viewport == NULL || scale <= 0)
    return;
  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  zoom_at_point (self, scale / self->last_zoom_scale, x, y);
  self->last_zoom_scale = scale;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *key, guint keyval, guint keycode, GdkModifierType state,
                PvTensorView *self)
{
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      g_signal_emit (self, signals[SIGNAL_MOVE_CURSOR], 0, 0, -1);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      g_signal_emit (self, signals[SIGNAL_MOVE_CURSOR], 0, 0, 1);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      g_signal_emit (self, signals[SIGNAL_MOVE_CURSOR], 0, -1, 0);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      g_signal_emit (self, signals[SIGNAL_MOVE_CURSOR], 0, 1, 0);
      return TRUE;
    case GDK_KEY_Escape:
      g_signal_emit (self, signals[SIGNAL_CLEAR_SELECTION], 0);
      return TRUE;
    case GDK_KEY_space:
      /* Space plays and pauses the step-through, where a window offers it. */
      return gtk_widget_activate_action (GTK_WIDGET (self), "win.play", NULL);
    default:
      return FALSE;
    }
}

/* ---------------------------------------------------------------------------
 * Setup.
 */

static void
viewport_changed_cb (PvViewport *viewport, PvTensorView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
pv_tensor_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                        int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 160 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 360;
}

static void
pv_tensor_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  GTK_WIDGET_CLASS (pv_tensor_view_parent_class)->size_allocate (widget, width, height, baseline);
  g_signal_emit (widget, signals[SIGNAL_RESIZED], 0);
}

/* Titles take the theme's colour and font. */
static void
pv_tensor_view_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  PV_TENSOR_VIEW (widget)->decor_serial++;
  GTK_WIDGET_CLASS (pv_tensor_view_parent_class)->css_changed (widget, change);
}

static void
pv_tensor_view_dispose (GObject *object)
{
  PvTensorView *self = PV_TENSOR_VIEW (object);

  if (self->viewport != NULL)
    g_signal_handlers_disconnect_by_data (self->viewport, self);
  g_clear_object (&self->viewport);
  g_clear_pointer (&self->decor_node, gsk_render_node_unref);
  G_OBJECT_CLASS (pv_tensor_view_parent_class)->dispose (object);
}

static void
pv_tensor_view_finalize (GObject *object)
{
  PvTensorView *self = PV_TENSOR_VIEW (object);

  g_ptr_array_unref (self->panels);
  g_array_unref (self->marks);
  g_clear_pointer (&self->heat, pv_panel_free);
  g_free (self->stale);
  g_free (self->placeholder);
  G_OBJECT_CLASS (pv_tensor_view_parent_class)->finalize (object);
}

static void
pv_tensor_view_class_init (PvTensorViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_tensor_view_dispose;
  object_class->finalize = pv_tensor_view_finalize;
  widget_class->snapshot = pv_tensor_view_snapshot;
  widget_class->measure = pv_tensor_view_measure;
  widget_class->size_allocate = pv_tensor_view_size_allocate;
  widget_class->css_changed = pv_tensor_view_css_changed;

  /* The pointer is over (panel, row, col); panel is -1 when over none. */
  signals[SIGNAL_HOVER] = g_signal_new ("hover", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_INT,
                                        G_TYPE_INT);
  /* A click (not a drag) on a cell. */
  signals[SIGNAL_CELL_ACTIVATED] = g_signal_new ("cell-activated", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_INT,
                                                 G_TYPE_INT);
  /* An arrow key: rows and columns to move the pinned cell by. */
  signals[SIGNAL_MOVE_CURSOR] = g_signal_new ("move-cursor", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                              G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);
  /* Escape. */
  signals[SIGNAL_CLEAR_SELECTION] = g_signal_new ("clear-selection", G_TYPE_FROM_CLASS (klass),
                                                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                  G_TYPE_NONE, 0);

  /* The view got a new size (so a fitted zoom may need redoing). */
  signals[SIGNAL_RESIZED] = g_signal_new ("resized", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "tensorview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pv_tensor_view_init (PvTensorView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->panels = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_panel_free);
  self->marks = g_array_new (FALSE, FALSE, sizeof (PvMark));
  self->factor_x = self->factor_y = 1.0;
  self->ceil_row_from = self->ceil_col_from = -1;
  self->heat_panel = -1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (zoom_scale_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

PvTensorView *
pv_tensor_view_new (void)
{
  return g_object_new (PV_TYPE_TENSOR_VIEW, NULL);
}

void
pv_tensor_view_set_panels (PvTensorView *self, GPtrArray *panels)
{
  g_ptr_array_unref (self->panels);
  self->panels = panels;
  g_ptr_array_set_free_func (self->panels, (GDestroyNotify) pv_panel_free);
  g_array_set_size (self->marks, 0);
  g_clear_pointer (&self->heat, pv_panel_free);
  self->decor_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
pv_tensor_view_get_n_panels (PvTensorView *self)
{
  return self->panels->len;
}

const PvPanel *
pv_tensor_view_get_panel (PvTensorView *self, guint index)
{
  return index < self->panels->len ? self->panels->pdata[index] : NULL;
}

void
pv_tensor_view_set_viewport (PvTensorView *self, PvViewport *viewport, double factor_x,
                             double factor_y)
{
  if (self->viewport != viewport)
    {
      if (self->viewport != NULL)
        g_signal_handlers_disconnect_by_data (self->viewport, self);
      g_set_object (&self->viewport, viewport);
      if (viewport != NULL)
        g_signal_connect (viewport, "changed", G_CALLBACK (viewport_changed_cb), self);
    }
  self->factor_x = factor_x > 0 ? factor_x : 1.0;
  self->factor_y = factor_y > 0 ? factor_y : 1.0;
  self->decor_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
pv_tensor_view_get_cell_rect (PvTensorView *self, int panel, int row, int col,
                              graphene_rect_t *rect)
{
  Layout l = compute_layout (self);
  double px, py, sx, sy;

  if (panel < 0 || (guint) panel >= self->panels->len)
    return FALSE;
  panel_origin (self, &l, (guint) panel, &px, &py);
  panel_scale (self->panels->pdata[panel], &l, &sx, &sy);
  graphene_rect_init (rect, (float) (px + col * sx), (float) (py + row * sy), (float) sx,
                      (float) sy);
  return TRUE;
}

void
pv_tensor_view_scroll_to_cell (PvTensorView *self, int panel, int row, int col,
                               gboolean only_if_hidden)
{
  Layout l = compute_layout (self);
  graphene_rect_t rect;
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double cx, cy;

  if (self->viewport == NULL || !pv_tensor_view_get_cell_rect (self, panel, row, col, &rect))
    return;
  if (only_if_hidden && rect.origin.x >= 0 && rect.origin.y >= 0
      && rect.origin.x + rect.size.width <= width && rect.origin.y + rect.size.height <= height)
    return;
  cx = rect.origin.x + rect.size.width / 2;
  cy = rect.origin.y + rect.size.height / 2;
  pv_viewport_set (self->viewport, pv_viewport_get_zoom (self->viewport),
                   l.content_w > 0 ? (cx - l.ox) / l.content_w : 0.5,
                   l.content_h > 0 ? (cy - l.oy) / l.content_h : 0.5);
}

void
pv_tensor_view_set_fit_margin (PvTensorView *self, double rows, double cols)
{
  self->margin_rows = MAX (rows, 0.0);
  self->margin_cols = MAX (cols, 0.0);
}

/* The setters below redraw only on a change: a view redrawn is a view
 * rendered again, on the CPU with a software renderer, and pointing or a
 * new result elsewhere would otherwise repaint every view. */
void
pv_tensor_view_set_marks (PvTensorView *self, const PvMark *marks, guint n)
{
  if (n == self->marks->len
      && (n == 0 || memcmp (self->marks->data, marks, n * sizeof (PvMark)) == 0))
    return;
  g_array_set_size (self->marks, 0);
  g_array_append_vals (self->marks, marks, n);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
pv_tensor_view_set_wrap (PvTensorView *self, guint wrap)
{
  if (self->wrap == wrap)
    return;
  self->wrap = wrap;
  self->decor_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
pv_tensor_view_set_ceil_from (PvTensorView *self, int row_from, int col_from)
{
  if (self->ceil_row_from == row_from && self->ceil_col_from == col_from)
    return;
  self->ceil_row_from = row_from;
  self->ceil_col_from = col_from;
  self->decor_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
pv_tensor_view_set_heat (PvTensorView *self, int panel, GBytes *counts, guint32 max,
                         PvHeatScale scale)
{
  const PvPanel *p = panel >= 0 && (guint) panel < self->panels->len ? self->panels->pdata[panel]
                                                                      : NULL;

  if (counts == NULL && self->heat == NULL)
    return;
  g_clear_pointer (&self->heat, pv_panel_free);
  self->heat_panel = -1;
  if (counts != NULL && p != NULL
      && g_bytes_get_size (counts) == (gsize) p->rows * (gsize) p->cols * sizeof (guint32))
    {
      self->heat = pv_panel_new (p->rows, p->cols,
                                 pv_pixels_new_heat (counts, p->rows, p->cols, max, scale), NULL,
                                 NULL, NULL, -1);
      self->heat_panel = panel;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
pv_tensor_view_get_heat_panel (PvTensorView *self)
{
  return self->heat != NULL ? self->heat_panel : -1;
}

void
pv_tensor_view_set_stale (PvTensorView *self, const char *reason)
{
  if (g_strcmp0 (self->stale, reason) == 0)
    return;
  g_free (self->stale);
  self->stale = g_strdup (reason);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
pv_tensor_view_get_stale (PvTensorView *self)
{
  return self->stale;
}

void
pv_tensor_view_set_show_values (PvTensorView *self, gboolean show)
{
  self->hide_values = !show;
  self->decor_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
pv_tensor_view_set_show_grid (PvTensorView *self, gboolean show)
{
  self->hide_grid = !show;
  self->decor_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
pv_tensor_view_set_placeholder (PvTensorView *self, const char *text)
{
  g_free (self->placeholder);
  self->placeholder = g_strdup (text);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
