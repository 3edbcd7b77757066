/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-glue.h"

#include <math.h>

G_DEFINE_QUARK (pv-error-quark, pv_error)

void
pv_set_gerror (GError **error, const pv_error *err)
{
  g_set_error_literal (error, PV_ERROR, (int) err->status, err->message);
}

struct _PvTensorRef
{
  pv_tensor tensor;
  PvTensorRecycler *recycler; /* gets the storage back, if set */
  size_t capacity;            /* bytes the storage holds, when recycled */
};

typedef struct
{
  pv_tensor tensor;
  size_t capacity;
} Kept;

/* Storage of released tensors, kept for the next of the same size. */
struct _PvTensorRecycler
{
  gatomicrefcount refs;
  GMutex lock;
  GQueue kept; /* pv_tensor *, most recent first */
};

#define RECYCLER_KEEP 2

PvTensorRecycler *
pv_tensor_recycler_new (void)
{
  PvTensorRecycler *self = g_new0 (PvTensorRecycler, 1);

  g_atomic_ref_count_init (&self->refs);
  g_mutex_init (&self->lock);
  g_queue_init (&self->kept);
  return self;
}

PvTensorRecycler *
pv_tensor_recycler_ref (PvTensorRecycler *self)
{
  g_atomic_ref_count_inc (&self->refs);
  return self;
}

static void
kept_free (gpointer data)
{
  Kept *k = data;

  pv_tensor_free (&k->tensor);
  g_free (k);
}

static size_t
bytes_of (pv_dtype dtype, const pv_shape *shape)
{
  size_t n = 0;

  if (pv_shape_numel (shape, &n) != PV_OK)
    return SIZE_MAX;
  return n * pv_dtype_size (dtype);
}

void
pv_tensor_recycler_unref (PvTensorRecycler *self)
{
  if (!g_atomic_ref_count_dec (&self->refs))
    return;
  g_queue_clear_full (&self->kept, kept_free);
  g_mutex_clear (&self->lock);
  g_free (self);
}

gboolean
pv_tensor_recycler_take (PvTensorRecycler *self, pv_dtype dtype, const pv_shape *shape,
                         pv_tensor *out, size_t *capacity)
{
  size_t need = bytes_of (dtype, shape);
  gboolean found = FALSE;

  g_mutex_lock (&self->lock);
  for (GList *l = self->kept.head; l != NULL; l = l->next)
    {
      Kept *k = l->data;

      /* Any storage large enough will do, up to twice the need: a slider
       * changes the result's size at every step. */
      if (k->capacity >= need && k->capacity / 2 <= need)
        {
          *out = k->tensor;
          out->dtype = dtype;
          out->shape = *shape;
          *capacity = k->capacity;
          g_free (k);
          g_queue_delete_link (&self->kept, l);
          found = TRUE;
          break;
        }
    }
  g_mutex_unlock (&self->lock);
  return found;
}

static void
recycler_give (PvTensorRecycler *self, pv_tensor *tensor, size_t capacity)
{
  Kept *k = g_new (Kept, 1);

  k->tensor = *tensor;
  k->capacity = MAX (capacity, bytes_of (tensor->dtype, &tensor->shape));
  g_mutex_lock (&self->lock);
  g_queue_push_head (&self->kept, k);
  while (self->kept.length > RECYCLER_KEEP)
    kept_free (g_queue_pop_tail (&self->kept));
  g_mutex_unlock (&self->lock);
  memset (tensor, 0, sizeof *tensor);
}

PvTensorRef *
pv_tensor_ref_new_take (pv_tensor *tensor)
{
  PvTensorRef *self = g_atomic_rc_box_new0 (PvTensorRef);

  self->tensor = *tensor;
  memset (tensor, 0, sizeof *tensor);
  return self;
}

PvTensorRef *
pv_tensor_ref_new_recycled (pv_tensor *tensor, size_t capacity, PvTensorRecycler *recycler)
{
  PvTensorRef *self = pv_tensor_ref_new_take (tensor);

  self->recycler = pv_tensor_recycler_ref (recycler);
  self->capacity = capacity;
  return self;
}

PvTensorRef *
pv_tensor_ref_ref (PvTensorRef *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
tensor_ref_clear (gpointer data)
{
  PvTensorRef *self = data;

  if (self->recycler != NULL)
    {
      recycler_give (self->recycler, &self->tensor, self->capacity);
      pv_tensor_recycler_unref (self->recycler);
    }
  pv_tensor_free (&self->tensor);
}

void
pv_tensor_ref_unref (PvTensorRef *self)
{
  g_atomic_rc_box_release_full (self, tensor_ref_clear);
}

const pv_tensor *
pv_tensor_ref_get (PvTensorRef *self)
{
  return &self->tensor;
}

double
pv_tensor_max_abs (const pv_tensor *t)
{
  size_t n = 0;
  double m = 0.0;

  pv_shape_numel (&t->shape, &n);
  for (size_t i = 0; i < n; i++)
    {
      double v = fabs (pv_tensor_get (t, i));

      if (isfinite (v) && v > m)
        m = v;
    }
  return m;
}
