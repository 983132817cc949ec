-- Search: trigram matching (typo correction, autocomplete) and accent folding. Extensions are per database and
-- several subgraphs may share one database, so creation is serialised by a transaction-scoped advisory lock on a
-- fixed key (hashtext('emporium:create-extension')); IF NOT EXISTS keeps it idempotent. PGlite bundles both.
SELECT pg_advisory_xact_lock(hashtext('emporium:create-extension'));--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
-- A consonant key of a lower-case word, for typo correction: ph→f, gh dropped, ck/c/q→k, z→s, then vowels (and h, w,
-- y) dropped after the first letter and repeated letters collapsed. "light" and "lite" → "lt", "heart" and "hart" →
-- "hrt", "headphones" and "hedphones" → "hdfns", "wireless" and "wireles" → "wrls".
CREATE FUNCTION "product"."search_skeleton"(word text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT regexp_replace(left(s, 1) || regexp_replace(substr(s, 2), '[aeiouyhw]', '', 'g'), '(.)\1+', '\1', 'g')
  FROM (
    SELECT replace(translate(replace(replace(replace(lower(word), 'ph', 'f'), 'gh', ''), 'ck', 'k'), 'cqz', 'kks'), 'kk', 'k') AS s
  ) w
$$;
