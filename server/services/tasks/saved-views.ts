import { z } from "zod";
import type { Db, Prisma } from "../../db/client.js";
import { notFound } from "../../lib/errors.js";

/** Stored filters are re-validated on read: an old view must never break the queue. */
export const savedFiltersSchema = z.object({
  scope: z.enum(["all", "mine", "unassigned"]).default("all"),
  priority: z.array(z.enum(["NORMAL", "HIGH", "URGENT"])).optional(),
  reason: z.array(z.string().regex(/^[A-Z0-9_]{2,64}$/)).optional(),
  protocol: z.array(z.enum(["GENERAL", "HF", "COPD", "AMI", "PNA", "THA_TKA", "DM"])).optional(),
  episodeDay: z
    .object({
      min: z.number().int().min(1).max(60).optional(),
      max: z.number().int().min(1).max(60).optional(),
    })
    .optional(),
});
export type SavedFilters = z.infer<typeof savedFiltersSchema>;

export async function listSavedViews(db: Db, opts: { userId: string }) {
  const rows = await db.savedView.findMany({
    where: { userId: opts.userId },
    orderBy: { name: "asc" },
    select: { id: true, name: true, filters: true },
  });
  return rows.flatMap((r) => {
    const parsed = savedFiltersSchema.safeParse(r.filters);
    return parsed.success ? [{ id: r.id, name: r.name, filters: parsed.data }] : [];
  });
}

/** Saving under an existing name replaces that view (the name is the user's handle for it). */
export async function saveView(db: Db, opts: { userId: string; name: string; filters: SavedFilters }) {
  const filters = opts.filters as Prisma.InputJsonObject;
  const row = await db.savedView.upsert({
    where: { userId_name: { userId: opts.userId, name: opts.name } },
    create: { userId: opts.userId, name: opts.name, filters },
    update: { filters },
    select: { id: true, name: true },
  });
  return row;
}

export async function deleteView(db: Db, opts: { userId: string; id: string }) {
  const deleted = await db.savedView.deleteMany({ where: { id: opts.id, userId: opts.userId } });
  if (deleted.count === 0) throw notFound("Saved view");
  return { ok: true as const };
}
