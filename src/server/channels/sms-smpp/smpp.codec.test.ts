import { readFileSync } from 'node:fs';
import path from 'node:path';
import smpp from 'smpp';
import { describe, expect, it } from 'vitest';
import { buildSubmitParts, concatReference, destinationAddress, isPermanent, isThrottling, relativeValidity, sourceAddress, statusName } from './smpp.codec.ts';
import { concatInfo, parseReceiptText, readReceipt, receiptStatusOf } from './smpp.inbound.ts';

const samplesFile = path.resolve(import.meta.dirname, '../../../../test/fixtures/conformance/smpp/delivery_receipt_samples.txt');
const receiptSamples = readFileSync(samplesFile, 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('id:') && !line.startsWith('id:IIII'));

describe('delivery receipt text', () => {
  it('reads every vendor sample from the conformance file', () => {
    expect(receiptSamples).toHaveLength(3);
    expect(receiptSamples.map((s) => parseReceiptText(s)?.messageId)).toEqual(['0000000012345678', '40072910491427628', '64567564356765435676']);
    for (const sample of receiptSamples) expect(parseReceiptText(sample)).toMatchObject({ stat: 'DELIVRD', err: '000' });
  });

  it('accepts 10- and 12-digit dates', () => {
    expect(parseReceiptText(receiptSamples[0]!)?.doneDate?.toISOString()).toBe('2016-01-01T01:01:00.000Z');
    expect(parseReceiptText(receiptSamples[2]!)?.doneDate?.toISOString()).toBe('2019-06-08T16:52:37.000Z');
  });

  it('maps final states and ignores intermediate ones', () => {
    expect(receiptStatusOf('DELIVRD')).toBe('delivered');
    expect(receiptStatusOf('EXPIRED')).toBe('expired');
    for (const stat of ['UNDELIV', 'REJECTD', 'DELETED', 'UNKNOWN']) expect(receiptStatusOf(stat)).toBe('failed');
    expect(receiptStatusOf('ENROUTE')).toBeNull();
  });

  it('a failed receipt carries the state and the error code', () => {
    const pdu = new smpp.PDU('deliver_sm', {
      esm_class: 4,
      data_coding: 0,
      short_message: Buffer.from('id:abc_1 sub:001 dlvrd:000 submit date:2401011200 done date:2401011201 stat:UNDELIV err:034 text:x'),
    });
    // the package decodes the ASCII receipt as GSM-7 ("_" becomes "§"); the reader undoes that
    const decoded = new smpp.PDU(pdu.toBuffer());
    expect(readReceipt(decoded)).toEqual({ messageId: 'abc_1', stat: 'UNDELIV', status: 'failed', error: 'UNDELIV err:034' });
  });

  it('prefers the receipted_message_id and message_state TLVs', () => {
    const pdu = new smpp.PDU('deliver_sm', {
      esm_class: 4,
      receipted_message_id: 'tlv-1',
      message_state: 3,
      short_message: Buffer.from('id:text-1 stat:DELIVRD'),
    });
    const decoded = new smpp.PDU(pdu.toBuffer());
    expect(readReceipt(decoded)).toMatchObject({ messageId: 'tlv-1', status: 'expired' });
  });
});

describe('submit_sm parts', () => {
  it('a short GSM-7 text is one part of septets without UDH', () => {
    const parts = buildSubmitParts('Hallo €', 7);
    expect(parts).toEqual([{ data_coding: 0, esm_class: 0, short_message: Buffer.from([0x48, 0x61, 0x6c, 0x6c, 0x6f, 0x20, 0x1b, 0x65]) }]);
  });

  it('a long text gets a UDH with reference, count and sequence', () => {
    const parts = buildSubmitParts('ê'.repeat(100), 42);
    if ('error' in parts) throw new Error(parts.error);
    expect(parts).toHaveLength(2);
    expect(parts.map((p) => [...p.short_message.subarray(0, 6)])).toEqual([
      [5, 0, 3, 42, 2, 1],
      [5, 0, 3, 42, 2, 2],
    ]);
    expect(parts[0]).toMatchObject({ data_coding: 8, esm_class: 0x40 });
    expect(parts[0]!.short_message.subarray(6).swap16().toString('utf16le')).toBe('ê'.repeat(67));
  });

  it('refuses an empty text', () => {
    expect(buildSubmitParts('', 1)).toEqual({ error: 'empty message' });
  });

  it('the same delivery always gets the same concatenation reference', () => {
    expect(concatReference('d-1')).toBe(concatReference('d-1'));
    expect(concatReference('d-1')).toBeLessThan(256);
  });

  it('a validity period is relative SMPP time', () => {
    expect(relativeValidity(3600)).toBe('000000010000');
    expect(relativeValidity(2 * 86_400 + 5 * 3600 + 7 * 60 + 9)).toBe('000002050709');
  });
});

describe('addresses and statuses', () => {
  it('a sender id with letters is alphanumeric (TON 5), a number is international', () => {
    expect(sourceAddress('Musterstadt')).toEqual({ source_addr_ton: 5, source_addr_npi: 0, source_addr: 'Musterstadt' });
    expect(sourceAddress('+4915112345678')).toEqual({ source_addr_ton: 1, source_addr_npi: 1, source_addr: '4915112345678' });
    expect(sourceAddress('Stadtverwaltung')).toHaveProperty('error');
  });

  it('destinations must be E.164 and lose their plus', () => {
    expect(destinationAddress('+4915112345678')).toEqual({ dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '4915112345678' });
    expect(destinationAddress('015112345678')).toHaveProperty('error');
  });

  it('throttling is transient, an invalid address permanent, unknown codes transient', () => {
    expect(isThrottling(0x58) && isThrottling(0x14)).toBe(true);
    expect(isPermanent(0x0b) && isPermanent(0x0a) && isPermanent(0x01)).toBe(true);
    expect(isPermanent(0x08) || isPermanent(0x45) || isPermanent(0x9999)).toBe(false);
    expect(statusName(0x0b)).toBe('ESME_RINVDSTADR');
  });

  it('reads 8- and 16-bit concatenation elements', () => {
    expect(concatInfo([Buffer.from([0x00, 3, 9, 2, 1])])).toEqual({ reference: 9, total: 2, sequence: 1 });
    expect(concatInfo([Buffer.from([0x08, 4, 1, 2, 3, 3])])).toEqual({ reference: 258, total: 3, sequence: 3 });
  });
});
