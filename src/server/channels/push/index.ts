// Web push channel: VAPID keys kept per installation, aes128gcm-encrypted notifications posted to each subscription's push service.
export { buildPayload, classifyResponse, createPushSender, MAX_PUSH_PLAINTEXT_BYTES } from './push.sender.ts';
export type { PushSenderOptions } from './push.sender.ts';
export { assertVapidKeyPair, generateVapidKeys, loadOrCreateVapidKeys } from './vapid.ts';
export type { VapidKeys, VapidKeyStore } from './vapid.ts';
