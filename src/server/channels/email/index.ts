// E-mail channel: SMTP sender (pooled, DKIM, one-click unsubscribe headers), inbound MX for replies and DSN bounces,
// and the plus-addressed reply address that carries a token back to the message and the resident.
export { createSmtpSender, mapSmtpError, parseReplyToken, replyAddress, type SmtpSenderOptions } from './smtp.sender.ts';
export { startInboundSmtp, type InboundSmtp, type InboundSmtpOptions } from './inbound.ts';
export { type ImapMailboxOptions, type PollResult, pollImapMailbox } from './imap.poller.ts';
