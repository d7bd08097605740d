import type { WebhookDelivery, WebhookEndpoint, WebhookStore } from '../../webhooks/WebhookStore.js';

export class MemoryWebhookStore implements WebhookStore {
  private readonly endpoints = new Map<string, WebhookEndpoint>();
  private readonly logs = new Map<string, WebhookDelivery[]>();

  async add(endpoint: WebhookEndpoint): Promise<void> {
    this.endpoints.set(endpoint.id, structuredClone(endpoint));
  }

  async get(id: string): Promise<WebhookEndpoint | undefined> {
    const e = this.endpoints.get(id);
    return e && structuredClone(e);
  }

  async list(): Promise<WebhookEndpoint[]> {
    return [...this.endpoints.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)).map((e) => structuredClone(e));
  }

  async remove(id: string): Promise<boolean> {
    this.logs.delete(id);
    return this.endpoints.delete(id);
  }

  async logDelivery(endpointId: string, delivery: WebhookDelivery, keep: number): Promise<void> {
    // A delivery finishing after its endpoint was removed leaves no log behind.
    if (!this.endpoints.has(endpointId)) return;
    const log = [structuredClone(delivery), ...(this.logs.get(endpointId) ?? [])].slice(0, keep);
    this.logs.set(endpointId, log);
  }

  async deliveries(endpointId: string, limit: number): Promise<WebhookDelivery[]> {
    return (this.logs.get(endpointId) ?? []).slice(0, Math.max(0, limit)).map((d) => structuredClone(d));
  }
}
