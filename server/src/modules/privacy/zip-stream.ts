import { PassThrough, type Readable } from 'node:stream';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

/**
 * A zip written as it is produced (fflate), into a Node stream that the reply sends: files are added one
 * after the other, each in chunks; the producer waits whenever the reader is behind (backpressure), so a
 * large export never sits in memory as a whole.
 */
export class ZipStream {
  readonly out = new PassThrough();
  private readonly zip: Zip;

  constructor() {
    this.zip = new Zip((err, chunk, final) => {
      if (err) {
        this.out.destroy(err);
        return;
      }
      this.out.write(chunk);
      if (final) this.out.end();
    });
  }

  /** A JSON file, compressed. */
  async addJson(name: string, value: unknown): Promise<void> {
    await this.addBytes(name, Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8'));
  }

  /** A small text file, compressed. */
  async addBytes(name: string, data: Uint8Array): Promise<void> {
    const file = new ZipDeflate(name, { level: 6 });
    this.zip.add(file);
    file.push(data, true);
    await this.drained();
  }

  /** A file read from a stream, stored as it is (uploads are compressed images and PDFs already). */
  async addStream(name: string, body: Readable): Promise<void> {
    const file = new ZipPassThrough(name);
    this.zip.add(file);
    for await (const chunk of body) {
      file.push(chunk instanceof Uint8Array ? chunk : Buffer.from(chunk as string));
      await this.drained();
    }
    file.push(new Uint8Array(0), true);
    await this.drained();
  }

  /** Writes the central directory and ends the stream. */
  end(): void {
    this.zip.end();
  }

  /** Ends the stream with an error (the client sees an aborted download, never a zip that looks complete). */
  fail(err: unknown): void {
    this.out.destroy(err instanceof Error ? err : new Error(String(err)));
  }

  private async drained(): Promise<void> {
    if (this.out.destroyed) throw new Error('the download was aborted');
    if (!this.out.writableNeedDrain) return;
    // A reader that goes away (closed tab) closes the stream: stop producing instead of waiting forever.
    await new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        this.out.off('drain', onDrain);
        this.out.off('close', onClose);
        if (err) reject(err);
        else resolve();
      };
      const onDrain = () => done();
      const onClose = () => done(new Error('the download was aborted'));
      this.out.once('drain', onDrain);
      this.out.once('close', onClose);
    });
  }
}
