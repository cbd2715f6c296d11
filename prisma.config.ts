import { defineConfig } from "prisma/config";

// DATABASE_URL is only needed by `prisma migrate deploy` on a connected machine;
// the app itself resolves its database (embedded or external) in server/db.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/sequora" },
});
