// The part of the `smpp` package (0.5.x, CommonJS, untyped) that Civicast uses: sessions, the server,
// PDUs as loosely typed bags of fields, and the status code table.
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  /** short_message and message_payload after the package decoded them by data_coding (and split off a UDH). */
  export interface DecodedMessage {
    message: string | Buffer;
    udh?: Buffer[];
  }

  export interface PDU {
    command: string;
    command_id: number;
    command_status: number;
    sequence_number: number;
    isResponse(): boolean;
    response(options?: Record<string, unknown>): PDU;
    toBuffer(): Buffer;
    // PDU fields (system_id, destination_addr, esm_class, short_message, TLVs …) vary by command
    [field: string]: unknown;
  }

  export interface PDUConstructor {
    new (command: string, options?: Record<string, unknown>): PDU;
    /** Parses a whole PDU, decoding short_message by its data_coding. */
    new (buffer: Buffer): PDU;
  }

  export interface Session extends EventEmitter {
    socket: Socket;
    send(pdu: PDU, responseCallback?: (resp: PDU) => void, sendCallback?: (pdu: PDU) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
  }

  export interface Server extends NetServer {
    sessions: Session[];
  }

  export interface ConnectOptions {
    host: string;
    port: number;
    auto_enquire_link_period?: number;
  }

  const smpp: {
    connect(options: ConnectOptions, listener?: () => void): Session;
    createServer(listener: (session: Session) => void): Server;
    createServer(options: Record<string, unknown>, listener: (session: Session) => void): Server;
    PDU: PDUConstructor;
    errors: Record<string, number>;
  };
  export default smpp;
}
