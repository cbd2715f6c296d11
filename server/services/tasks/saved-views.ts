import type { Db, Prisma } from "../../db/client.js";
import { type SavedFilters, savedFiltersSchema } from "../../domain/index.js";
import { notFound } from "../../lib/errors.js";

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
