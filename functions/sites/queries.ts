import { fitsBigint, type Sql } from '../../shared/db.ts';

/** A sites_site row as SiteSerializer reads it; timestamptz as PostgreSQL's text (shared/db.ts). */
export interface SiteRow {
  id: number;
  name: string;
  address: string;
  postcode: string;
  created_at: string;
}

/** SiteViewSet.get_queryset: staff see every site (null), customers their own, in id order. */
export type SiteScope = { customerId: number | null };

const owned = (sql: Sql, scope: SiteScope) => (scope.customerId === null ? sql`` : sql`and customer_id = ${scope.customerId}`);

/** queryset.count() */
export async function countSites(sql: Sql, scope: SiteScope): Promise<number> {
  const [row] = await sql<{ count: number }[]>`select count(*) from sites_site where true ${owned(sql, scope)}`;
  return row!.count;
}

/** queryset[offset:offset + limit], ordered by id as get_queryset orders it. */
export function pageOfSites(sql: Sql, scope: SiteScope, offset: number, limit: number): Promise<SiteRow[]> {
  return sql<SiteRow[]>`
    select id, name, address, postcode, created_at from sites_site where true ${owned(sql, scope)}
    order by id limit ${limit} offset ${offset}`;
}

/** get_object_or_404(queryset, pk=id): one of the scope's sites, or null. */
export async function findSite(sql: Sql, id: bigint, scope: SiteScope): Promise<SiteRow | null> {
  if (!fitsBigint(id)) return null;
  const [row] = await sql<SiteRow[]>`
    select id, name, address, postcode, created_at from sites_site where id = ${String(id)}::int8 ${owned(sql, scope)}`;
  return row ?? null;
}
