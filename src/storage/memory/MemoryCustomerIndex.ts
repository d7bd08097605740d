import type { CustomerIndex, CustomerRef } from '../../core/ports.js';

/** Refs kept as JSON strings in a set, so adding the same ref twice (a replayed turn) keeps one,
 * as in Redis. */
export class MemoryCustomerIndex implements CustomerIndex {
  private readonly customers = new Map<string, Set<string>>();

  async add(customerId: string, refs: readonly CustomerRef[]): Promise<void> {
    const set = this.customers.get(customerId) ?? new Set<string>();
    for (const ref of refs) set.add(JSON.stringify(ref));
    this.customers.set(customerId, set);
  }

  async refs(customerId: string): Promise<CustomerRef[]> {
    return [...(this.customers.get(customerId) ?? [])].map((json) => JSON.parse(json) as CustomerRef);
  }

  async forget(customerId: string): Promise<void> {
    this.customers.delete(customerId);
  }
}
