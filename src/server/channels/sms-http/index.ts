// SMS over HTTP provider APIs (a ready Twilio mapping and a configurable generic JSON one), with receipt and inbound-message webhooks.
export {
  createHttpSmsSender,
  inboundWebhookAnswer,
  parseInboundWebhook,
  parseReceiptWebhook,
  takesInboundWebhooks,
  verifyInboundWebhook,
  verifyReceiptWebhook,
  type HttpSmsSender,
  type HttpSmsSenderOptions,
  type ReceiptWebhookOutcome,
  type ReceiptWebhookRequest,
} from './http-sms.sender.ts';
export { HttpSmsConfig, type InboundAnswer, MalformedInboundError, MalformedReceiptError, type WebhookHeaders } from './mappings.ts';
