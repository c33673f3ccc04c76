/**
 * Driver-licence numbers from a state template (data/reference/address/states.json).
 * Template alphabet: `L` = one letter A-Z, `#` = one digit 0-9, `*` = one
 * character of the WA set (A-Z and 0-9 without A, E, I, O, U, Q, V), `\` =
 * the next character is literal; any other character is copied literally.
 * WA's template is `WD\L*********` (JSON `"WD\\L*********"`): the `L` of the
 * `WDL` prefix is escaped so it is not read as a letter placeholder.
 */
import type { RandomStream } from '../../engine/kit.js';

/** Letters A-Z, for the `L` placeholder. */
export const LICENCE_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** The WA set, for the `*` placeholder: A-Z and 0-9 without vowels, Q or V. */
export const WA_LICENCE_CHARS = 'BCDFGHJKLMNPRSTWXYZ0123456789';

/** A licence number drawn from `random` that follows `template`. */
export function licenceNumber(template: string, random: RandomStream): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i]!;
    if (ch === '\\') {
      if (i + 1 >= template.length) throw new RangeError(`template ends with an escape: ${JSON.stringify(template)}`);
      out += template[++i];
    } else if (ch === 'L') out += random.chars(LICENCE_LETTERS, 1);
    else if (ch === '#') out += random.digits(1);
    else if (ch === '*') out += random.chars(WA_LICENCE_CHARS, 1);
    else out += ch;
  }
  return out;
}
