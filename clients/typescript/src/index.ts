/**
 * @open-vva/client: the hub's API typed from its own OpenAPI document (openapi-typescript), called
 * through openapi-fetch, plus inbox paging and Standard Webhooks verification. See the README's
 * "For vendors" section and examples/vendor.ts.
 */
export { createVvaClient, isHealthy, unwrap, VvaApiError, type Problem, type VvaClient, type VvaClientOptions } from './client.ts';
export { pullBerichten, type Bericht, type BerichtenPagina, type InboxOptions } from './inbox.ts';
export { WebhookVerificationError, WebhookVerifier, type WebhookHeaders } from './webhook.ts';
export type { components, operations, paths } from './generated/schema.ts';
