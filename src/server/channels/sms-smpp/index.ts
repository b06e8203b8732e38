// SMS over SMPP 3.4: the ChannelSender for an SMSC reached by bind_transceiver (receipts and replies included).
export { createSmppSender, type SmppLogger, type SmppSender, type SmppSenderOptions, type SmppSenderStats } from './smpp.sender.ts';
