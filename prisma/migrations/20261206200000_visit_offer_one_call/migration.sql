-- A visit offer is made in one call (server/services/visits/offer-times.ts `prepareOffer`). Offers
-- are made one at a time, so each sees the times the ones before it named; the lock that orders
-- them is now held within this one call, where it was held across seven round trips to the app
-- (a cohort's day-2 offers queued on it, each holding a place in the care queue while it waited).
-- Under the lock: the open offers' counts, the pick, the superseding and the insert (the free
-- times are read before it is taken).
--
-- Up to three FREE slots in [from_at, to_at) whose clinician speaks `lang` (active clinician and
-- clinic), from the 200 soonest: times named by the fewest open offers (made after open_since)
-- first (when everyone discharged on a day was texted the same soonest times, most picks found the
-- time taken: 1,117 picks of 1,000 simulated patients made 189 requests), then the soonest; one
-- per local day at the clinic while there are days to spread over, and the rest from what is
-- left; listed soonest first. With none, nothing is written and no row comes back. Otherwise the
-- patient's open offers are superseded and the new one is returned.
CREATE OR REPLACE FUNCTION "sequora_make_visit_offer"(
  offer_id TEXT, patient_id TEXT, episode_id TEXT, lang TEXT, from_at TIMESTAMP(3), to_at TIMESTAMP(3),
  open_since TIMESTAMP(3), offer_cause TEXT, offer_key TEXT, at TIMESTAMP(3))
RETURNS SETOF "VisitOffer" LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  free_ids TEXT[];
  free_at TIMESTAMP(3)[];
  free_day DATE[];
  picked TEXT[];
BEGIN
  -- The free times come first, before the lock: no offer changes them (a booking may take one
  -- meanwhile, as it may once the offer is sent). The local day is worked out for these 200 only.
  SELECT array_agg(f.id ORDER BY f."startsAt", f.id), array_agg(f."startsAt" ORDER BY f."startsAt", f.id),
         array_agg(((f."startsAt" AT TIME ZONE 'UTC') AT TIME ZONE f.tz)::date ORDER BY f."startsAt", f.id)
    INTO free_ids, free_at, free_day
    FROM (SELECT s.id, s."startsAt", c."timeZone" AS tz
            FROM "Slot" s
            JOIN "Clinician" d ON d.id = s."clinicianId"
            JOIN "Clinic" c ON c.id = s."clinicId"
           WHERE s.status = 'FREE' AND s."startsAt" >= from_at AND s."startsAt" < to_at
             AND d.active AND lang::"Language" = ANY(d.languages) AND c.active
           ORDER BY s."startsAt", s.id
           LIMIT 200) f;
  IF free_ids IS NULL THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('sequora.visit-offer'));
  WITH found AS (
    SELECT * FROM unnest(free_ids, free_at, free_day) AS f(id, "startsAt", day)),
  offered AS (
    SELECT named.id, count(*) AS n
      FROM "VisitOffer" o CROSS JOIN LATERAL unnest(o."slotIds") AS named(id)
     WHERE o.status = 'OPEN' AND o."createdAt" > open_since AND named.id IN (SELECT found.id FROM found)
     GROUP BY named.id),
  ranked AS (
    SELECT f.id, f."startsAt", coalesce(o.n, 0) AS n,
           row_number() OVER (PARTITION BY f.day ORDER BY coalesce(o.n, 0), f."startsAt", f.id) AS nth_in_day
      FROM found f LEFT JOIN offered o ON o.id = f.id),
  chosen AS (
    SELECT r.id, r."startsAt", row_number() OVER (ORDER BY r.nth_in_day > 1, r.n, r."startsAt", r.id) AS rk
      FROM ranked r
     ORDER BY r.nth_in_day > 1, r.n, r."startsAt", r.id
     LIMIT 3)
  SELECT array_agg(chosen.id ORDER BY chosen."startsAt", chosen.rk) INTO picked FROM chosen;
  UPDATE "VisitOffer" SET status = 'SUPERSEDED', "updatedAt" = at
   WHERE "patientId" = patient_id AND status = 'OPEN';
  RETURN QUERY
    INSERT INTO "VisitOffer" (id, "patientId", "episodeId", "slotIds", status, cause, key, "createdAt", "updatedAt")
    VALUES (offer_id, patient_id, episode_id, picked, 'OPEN', offer_cause, offer_key, at, at)
    RETURNING *;
END $$;
