import nodemailer, { type Transporter } from 'nodemailer';
import type { Mailer, MailMessage } from './mailer.ts';

/** Sends mail over SMTP (nodemailer), e.g. `smtps://user:pass@mail.example.org:465?from=…`. */
export class SmtpMailer implements Mailer {
  readonly kind = 'smtp' as const;
  private readonly transport: Transporter;
  private readonly from: string;

  constructor(url: string, fallbackFrom: string) {
    const u = new URL(url);
    this.from = u.searchParams.get('from') ?? fallbackFrom;
    u.searchParams.delete('from');
    this.transport = nodemailer.createTransport(u.toString());
  }

  async send(m: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: m.to, subject: m.subject, text: m.text, attachments: m.attachments });
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
