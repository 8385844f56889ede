import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** What a server-rendered page adds to the web app's HTML shell. All of it must be safe HTML already. */
export interface ShellPage {
  /** The document title (escaped by the caller). */
  title: string;
  /** Tags for `<head>`: meta, link, data blocks (no executable script: the CSP allows only the shell's own). */
  head?: string;
  /** Content before the app's mount point; the app removes it once it has started. */
  body?: string;
}

/** The id of the server-rendered block that the web app removes when it starts (client/src/routes/+layout.svelte). */
export const SSR_BLOCK_ID = 'ssr-page';

/**
 * The built client's SPA shell (`200.html`), read once per build (re-read when the file changes, so a
 * rebuilt client served without a restart is used), into which server-rendered pages put their title,
 * head tags and content. The shell's inline script stays byte for byte, so its CSP hash still holds.
 */
export class ShellTemplate {
  private seen = '';
  private text: string | null = null;

  constructor(private readonly clientDir: string) {}

  /** The shell's file, or null when the client is not built. */
  file(): string | null {
    return (
      ['200.html', 'index.html']
        .map((f) => path.join(this.clientDir, f))
        .find((f) => {
          try {
            return statSync(f).isFile();
          } catch {
            return false;
          }
        }) ?? null
    );
  }

  /** The shell's HTML, or null when the client is not built. */
  html(): string | null {
    const file = this.file();
    if (!file) return null;
    const stamp = `${file}:${statSync(file).mtimeMs}`;
    if (stamp !== this.seen) {
      this.text = readFileSync(file, 'utf8');
      this.seen = stamp;
    }
    return this.text;
  }

  /** The shell with a page's title, head tags and content; null when the client is not built. */
  render(page: ShellPage): string | null {
    const shell = this.html();
    if (shell === null) return null;
    // Function replacers: a `$` in the page's text must not be read as a replacement pattern.
    const withHead = shell.replace(/<title>[^<]*<\/title>/, () => `<title>${page.title}</title>\n    ${page.head ?? ''}`);
    return withHead.replace(/<body[^>]*>/, (open) => `${open}\n    <div id="${SSR_BLOCK_ID}">${page.body ?? ''}</div>`);
  }
}
