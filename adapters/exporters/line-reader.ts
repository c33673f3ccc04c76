import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** A file's lines (without line ends) with their 1-based numbers, streamed. */
export async function* fileLines(path: string): AsyncGenerator<{ text: string; line: number }> {
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) yield { text, line: ++line };
}
