import { requireService } from '@emporium/kit';
import type { MutationReserveStockArgs } from '../__generated__/resolvers-types.ts';
import type { Context } from '../context.ts';
import type { InsufficientStockModel, ReservationModel } from '../models.ts';
import { commitReservation, findReservation, releaseReservation, reserve, settleReservation, validateReference, validateReserve } from '../reservations.ts';

/** `reserveStock` (service token only): all lines or none; a typed INSUFFICIENT_STOCK result when stock is short. */
export async function reserveStock(ctx: Context, args: MutationReserveStockArgs): Promise<ReservationModel | InsufficientStockModel> {
  requireService(ctx.identity);
  const req = validateReserve(args);
  const { result, changed } = await reserve(ctx.rt.db.db, req, ctx.rt.clock.now());
  if (changed) ctx.eventsEnqueued();
  return result;
}

/** `commitReservation` (service token only). */
export async function commit(ctx: Context, reference: string): Promise<ReservationModel> {
  requireService(ctx.identity);
  const { result, changed } = await commitReservation(ctx.rt.db.db, validateReference(reference), ctx.rt.clock.now());
  if (changed) ctx.eventsEnqueued();
  return result;
}

/** `releaseReservation` (service token only). */
export async function release(ctx: Context, reference: string): Promise<ReservationModel> {
  requireService(ctx.identity);
  const { result, changed } = await releaseReservation(ctx.rt.db.db, validateReference(reference), ctx.rt.clock.now());
  if (changed) ctx.eventsEnqueued();
  return result;
}

/** `reservation(reference)` (service token only): null when unknown. */
export async function reservation(ctx: Context, reference: string): Promise<ReservationModel | null> {
  requireService(ctx.identity);
  return findReservation(ctx.rt.db.db, validateReference(reference));
}

/** `returnReservation` / `shipReservation` (service token only). */
export async function settle(ctx: Context, reference: string, to: 'RETURNED' | 'SHIPPED'): Promise<ReservationModel> {
  requireService(ctx.identity);
  const { result, changed } = await settleReservation(ctx.rt.db.db, validateReference(reference), to, ctx.rt.clock.now());
  if (changed) ctx.eventsEnqueued();
  return result;
}
