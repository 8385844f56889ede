/** A schema that checks the embedded data (the shared zod schemas are these). */
interface Checks<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

/**
 * The data a server-rendered public page embedded for the app (a `<script type="application/json">`
 * block with this id), so the app's page starts from it without a second request. Taken once: the block
 * is removed, and a later navigation asks the server. Null when there is none, it does not parse, or
 * `matches` says it is another item's (say, the page was reached by navigation).
 */
export function takeEmbedded<T>(id: string, schema: Checks<T>, matches: (data: T) => boolean): T | null {
  const block = document.getElementById(id);
  if (!block?.textContent) return null;
  const text = block.textContent;
  block.remove();
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success && matches(parsed.data) ? parsed.data : null;
  } catch {
    return null;
  }
}
