import { sql, type SQL } from 'drizzle-orm';

/** A JS array as ONE bound parameter, expanded to a typed Postgres array (drizzle would expand `${array}` to a list). */
export function arrayParam(values: readonly (string | number)[], type: 'uuid' | 'text' | 'int' | 'bigint'): SQL {
  return sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))::${sql.raw(type)}[]`;
}
