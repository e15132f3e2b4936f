// Outgoing mail: the Mailer interface and its two adapters (SMTP via nodemailer, and log-only).
import nodemailer from 'nodemailer';
import type { Logger } from '../../shared/log.js';

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Sends one message; rejects (with a MailError) when the server does not accept it. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export class MailError extends Error {
  override name = 'MailError';
}

export const DEFAULT_FROM = 'DNSCove <no-reply@dnscove.invalid>';

/**
 * An SMTP mailer for `smtpUrl` (smtp://host:port, plain; smtps:// for implicit TLS). It never
 * upgrades with STARTTLS unless the server offers it, so a local test server works as is.
 */
export function createSmtpMailer(smtpUrl: string, from: string = DEFAULT_FROM): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      try {
        await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
      } catch (err) {
        throw new MailError(`mail: sending to ${message.to} failed: ${(err as Error).message}`, { cause: err });
      }
    },
    close() {
      transport.close();
    },
  };
}

/** A mailer that only logs what it would send (dev mode without SMTP_URL). */
export function createLogMailer(log: Logger): Mailer {
  return {
    async send(message) {
      log.info('mail (not sent: no SMTP_URL)', { to: message.to, subject: message.subject, text: message.text });
    },
    close() {},
  };
}
