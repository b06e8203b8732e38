// SMS over HTTP provider APIs (a ready Twilio mapping and a configurable generic JSON one), with receipt webhooks.
export {
  createHttpSmsSender,
  parseReceiptWebhook,
  verifyReceiptWebhook,
  type HttpSmsSender,
  type HttpSmsSenderOptions,
  type ReceiptWebhookOutcome,
  type ReceiptWebhookRequest,
} from './http-sms.sender.ts';
export { HttpSmsConfig, MalformedReceiptError, type WebhookHeaders } from './mappings.ts';
