-- The search document is built from the words of each field — runs of letters and digits, the same split as the
-- vocabulary (`terms`, search_terms) and the query side (text.ts wordsOf) — instead of PostgreSQL's parser tokens, which
-- keep "SET/6" as one file-path lexeme 'set/6' (so "plate set" did not find "SET/6 PAPER PLATES" as a word, only through
-- a `set:*` prefix) and "3.5" as a version number. Recomputes every document with the expression of
-- src/search/projection.ts (refreshSearchDocuments).
UPDATE product.search_documents d SET document =
  setweight(to_tsvector('simple', lower(p.sku)), 'A')
  || setweight(to_tsvector('english', regexp_replace(unaccent(p.title), '[^[:alnum:]]+', ' ', 'g')), 'A')
  || setweight(to_tsvector('english', regexp_replace(unaccent(coalesce(b.name, '')), '[^[:alnum:]]+', ' ', 'g')), 'B')
  || setweight(to_tsvector('english', regexp_replace(unaccent(coalesce(array_to_string(c.path, ' '), '')), '[^[:alnum:]]+', ' ', 'g')), 'C')
  || setweight(to_tsvector('english', regexp_replace(unaccent(concat_ws(' ', p.description, array_to_string(p.tags, ' '))), '[^[:alnum:]]+', ' ', 'g')), 'D')
FROM product.products p
LEFT JOIN product.brands b ON b.id = p.brand_id
LEFT JOIN product.categories c ON c.id = p.category_id
WHERE p.id = d.product_id;
