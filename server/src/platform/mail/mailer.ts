/** One outgoing e-mail. German first: callers put the German text above the English one. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Files sent along (e.g. a handover protocol's PDF, issue 18). */
  attachments?: MailAttachment[];
}

/** A file attached to a mail. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** Sends e-mail. {@link ConsoleMailer} by default, {@link SmtpMailer} when SMTP_URL is set. */
export interface Mailer {
  readonly kind: 'console' | 'smtp' | 'memory';
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

/** Writes mail to the log instead of sending it (development, tests, no SMTP configured). */
export class ConsoleMailer implements Mailer {
  readonly kind = 'console' as const;
  constructor(private readonly log: { info(obj: object, msg: string): void }) {}
  async send(m: MailMessage): Promise<void> {
    this.log.info({ mail: { to: m.to, subject: m.subject } }, `mail (not sent, no SMTP_URL):\n${m.text}`);
  }
  async close(): Promise<void> {}
}

/** Keeps mail in memory (tests). */
export class MemoryMailer implements Mailer {
  readonly kind = 'memory' as const;
  readonly sent: MailMessage[] = [];
  async send(m: MailMessage): Promise<void> {
    this.sent.push(m);
  }
  async close(): Promise<void> {}
}
