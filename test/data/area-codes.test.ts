/**
 * The area-code regions of data/reference/address/zips/ against area codes
 * known to serve well-known ZIPs (downtowns and main towns of area-code
 * regions in every state, the project's own list of public facts, not taken
 * from the builder's inputs): at least 95% must match. Misses are printed.
 */
import { expect } from 'chai';
import { readZipTables } from '../helpers/zip-tables.js';

const zips = readZipTables();

/** state: 'ZIP:area code ...' */
const KNOWN: Record<string, string> = {
  CA: '94103:415 90024:310 90012:213 91401:818 92101:619 92121:858 95814:916 95113:408 94612:510 90802:562 92660:949 92801:714 91101:626 93301:661 93721:559 95202:209 94301:650 95060:831 93101:805 92501:951 91761:909 94520:925 95401:707 96001:530 92262:760',
  AZ: '85004:602 85201:480 85301:623 85701:520 86001:928',
  NV: '89101:702 89501:775',
  OR: '97201:503 97401:541',
  WA: '98101:206 98402:253 98004:425 99201:509 98501:360',
  NY: '10001:212 11201:718 10451:718 14201:716 12207:518 13202:315 14604:585 11501:516 11701:631 10601:914',
  IL: '60601:312 60614:773 62701:217 61602:309 60540:630 60201:847',
  TX: '77002:713 75201:214 78701:512 78205:210 76102:817 79901:915 78401:361 79401:806',
  FL: '33130:305 32801:407 33602:813 32202:904 33301:954 32301:850 33401:561 33701:727',
  MA: '02108:617 01608:508 01103:413 01801:781 01840:978',
  MN: '55401:612 55101:651 55811:218 55901:507 55431:952 55369:763',
  NJ: '07102:973 07302:201 08608:609 08901:732 08101:856 07201:908',
  PA: '19103:215 15222:412 17101:717 18101:610 16501:814 18503:570',
  OH: '44113:216 43215:614 45202:513 43604:419 44308:330 45402:937',
  MI: '48226:313 49503:616 48933:517 48502:810 49007:269 48104:734',
  GA: '30303:404 31401:912 31201:478 30601:706',
  DC: '20001:202',
  CO: '80202:303 80903:719 81501:970',
  UT: '84101:801 84770:435',
  TN: '37203:615 38103:901 37902:865 37402:423',
  NC: '28202:704 27601:919 27401:336 28801:828',
  MO: '63101:314 64106:816 65806:417',
  LA: '70112:504 70801:225 71101:318',
  VA: '23219:804 23510:757 22201:703 24011:540',
  WI: '53202:414 53703:608 54301:920',
  MD: '21201:410 20850:301',
  IN: '46204:317 46802:260',
  KY: '40202:502 40507:859',
  AL: '35203:205 36104:334 35801:256 36602:251',
  SC: '29201:803 29401:843 29601:864',
  OK: '73102:405 74103:918',
  KS: '67202:316 66603:785 66101:913',
  IA: '50309:515 52401:319',
  NE: '68102:402 68801:308',
  AR: '72201:501 72701:479',
  MS: '39201:601 38801:662',
  CT: '06103:860 06510:203',
  NM: '87102:505 88001:575',
  HI: '96813:808',
  AK: '99501:907',
};

describe('area codes by ZIP (data/reference/address/zips/)', () => {
  it('serve at least 95% of a list of well-known ZIPs with their known area code', () => {
    const misses: string[] = [];
    let total = 0;
    for (const [state, list] of Object.entries(KNOWN)) {
      const t = zips[state]!;
      for (const pair of list.split(' ')) {
        const [zip, code] = pair.split(':') as [string, string];
        total++;
        const row = t.zips.find(([z]) => z === zip);
        const codes = row ? t.area_codes[row[3]]! : [];
        if (!codes.includes(code)) misses.push(`${state} ${zip} ${row ? t.cities[row[1]] : '(no such ZIP)'}: ${code} expected, region ${codes.join('/')}`);
      }
    }
    if (misses.length > 0) console.log(`      area-code misses (${misses.length} of ${total}):\n        ${misses.join('\n        ')}`);
    expect(total).to.be.at.least(150);
    expect((total - misses.length) / total).to.be.at.least(0.95);
  });
});
