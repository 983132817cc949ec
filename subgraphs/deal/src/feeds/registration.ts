import { badInput, conflict, isUuid, notFound } from '@emporium/kit';
import type { Database } from '@emporium/kit';
import { findFeeds, insertFeed, insertMerchant, updateMerchant } from '../db/admin.ts';
import { findMerchantsByIds } from '../db/queries.ts';
import type * as schema from '../db/schema.ts';
import type { FeedModel, MerchantModel } from '../models.ts';
import { blockedAddressKind } from './address.ts';

type Db = Database<typeof schema>;

/** Checks a UUID argument (BAD_USER_INPUT naming it) and returns it lower-cased. */
export function uuidArg(value: string, name: string): string {
  if (!isUuid(value)) throw badInput(`${name} must be a UUID, got "${value}".`, name);
  return value.toLowerCase();
}

function nameArg(value: string): string {
  const name = value.trim();
  if (name.length === 0 || name.length > 200) throw badInput('name must be 1 to 200 characters.', 'name');
  return name;
}

function reputationArg(value: number): number {
  if (!Number.isFinite(value) || value < 0 || value > 1) throw badInput(`reputation must be between 0 and 1, got ${value}.`, 'reputation');
  return value;
}

function rateArg(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 6000) throw badInput(`rateLimitPerMinute must be between 1 and 6000, got ${value}.`, 'rateLimitPerMinute');
  return value;
}

function httpUrlArg(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw badInput(`${name} must be an http(s) URL, got "${value}".`, name);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badInput(`${name} must be an http(s) URL, got "${value}".`, name);
  if (url.username || url.password) throw badInput(`${name} may not carry credentials.`, name);
  return url.toString();
}

/** What a merchant is registered with. */
export interface MerchantInput {
  name: string;
  reputation: number;
  websiteUrl?: string | null;
  allowPrivateNetwork?: boolean | null;
  rateLimitPerMinute?: number | null;
  simulated?: boolean | null;
}

/** Validates and stores a new merchant (BAD_USER_INPUT naming the argument on a bad value). */
export function registerMerchant(db: Db, input: MerchantInput, now: Date): Promise<MerchantModel> {
  return insertMerchant(db, {
    name: nameArg(input.name),
    reputation: reputationArg(input.reputation),
    websiteUrl: input.websiteUrl == null ? null : httpUrlArg(input.websiteUrl, 'websiteUrl'),
    allowPrivateNetwork: input.allowPrivateNetwork ?? false,
    rateLimitPerMinute: rateArg(input.rateLimitPerMinute ?? 60),
    simulated: input.simulated ?? false,
    createdAt: now,
  });
}

/** Validates and applies a change to a merchant (NOT_FOUND for an unknown id). */
export async function changeMerchant(db: Db, input: { [K in keyof MerchantInput]?: MerchantInput[K] | null } & { id: string }): Promise<MerchantModel> {
  const id = uuidArg(input.id, 'id');
  const merchant = await updateMerchant(db, id, {
    ...(input.name != null ? { name: nameArg(input.name) } : {}),
    ...(input.reputation != null ? { reputation: reputationArg(input.reputation) } : {}),
    ...(input.websiteUrl !== undefined ? { websiteUrl: input.websiteUrl === null ? null : httpUrlArg(input.websiteUrl, 'websiteUrl') } : {}),
    ...(input.allowPrivateNetwork != null ? { allowPrivateNetwork: input.allowPrivateNetwork } : {}),
    ...(input.rateLimitPerMinute != null ? { rateLimitPerMinute: rateArg(input.rateLimitPerMinute) } : {}),
  });
  if (!merchant) throw notFound(`No merchant ${id}.`);
  return merchant;
}

/**
 * Validates and stores a feed: an http(s) URL without credentials, of an existing merchant; an IP-literal host on a
 * private, loopback or link-local address needs an allow-listed merchant (host names are checked at every fetch,
 * since DNS answers change). CONFLICT when the merchant already has a feed at that URL.
 */
export async function registerFeed(db: Db, input: { merchantId: string; url: string; format?: 'auto' | 'jsonl' | 'csv' }, now: Date): Promise<FeedModel> {
  const merchantId = uuidArg(input.merchantId, 'merchantId');
  const url = httpUrlArg(input.url, 'url');
  const [merchant] = await findMerchantsByIds(db, [merchantId]);
  if (!merchant) throw notFound(`No merchant ${merchantId}.`);
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const kind = /^[\d.]+$|:/.test(host) ? blockedAddressKind(host) : null;
  if (kind && !merchant.allowPrivateNetwork) {
    throw badInput(`url points at a ${kind} address; only allow-listed merchants may have such feeds.`, 'url');
  }
  const id = await insertFeed(db, { merchantId, url, format: input.format ?? 'auto', createdAt: now });
  if (!id) throw conflict(`Merchant ${merchant.name} already has a feed at ${url}.`);
  return (await findFeeds(db, [id]))[0]!;
}
