import { expect } from 'chai';
import { addMonths, addYears } from '../../../engine/kit.js';
import { LAPSED_SHARE, planChain, QUOTE_SHARE, SIX_MONTH_SHARE } from '../../../plugins/policy/chain.js';

const AS_OF = '2025-11-01';
const chains = (n: number, lob: 'Personal' | 'Commercial' = 'Personal', earliest = '1990-01-01', preferred: string | null = null) =>
  Array.from({ length: n }, (_, unitIndex) => planChain({ seed: 7, unitIndex, asOf: AS_OF, lob, earliest, preferred }));

describe('plugins/policy/chain (renewal chains)', () => {
  const sample = chains(4000);

  it('chains terms end to end, each expiring term_months after it starts, only the last not expired', () => {
    for (const { termMonths, terms } of sample) {
      terms.forEach((t, i) => {
        expect(t.expiration).to.equal(addMonths(t.effective, termMonths));
        expect(t.termNumber).to.equal(i + 1);
        if (i > 0) expect(t.effective).to.equal(terms[i - 1]!.expiration);
        if (i < terms.length - 1) expect(t.status).to.equal('expired');
      });
    }
  });

  it('ends in force around as_of for most accounts; a few are quotes after as_of, some lapsed or were cancelled', () => {
    const last = sample.map((c) => c.terms[c.terms.length - 1]!);
    const share = (s: string) => last.filter((t) => t.status === s).length / last.length;
    expect(share('quote')).to.be.within(QUOTE_SHARE * 0.5, QUOTE_SHARE * 1.6);
    expect(share('in_force')).to.be.within(0.7, 0.9);
    expect(share('expired') + share('non_renewed') + share('cancelled')).to.be.within(LAPSED_SHARE * 0.6, LAPSED_SHARE + 0.1);
    for (const t of last) {
      if (t.status === 'in_force') expect(t.effective <= AS_OF && AS_OF < t.expiration).to.equal(true);
      if (t.status === 'quote') expect(t.effective > AS_OF).to.equal(true);
      if (t.status === 'expired' || t.status === 'non_renewed') expect(t.expiration <= AS_OF).to.equal(true);
      if (t.status === 'cancelled') expect(t.effective < t.cancellationDate! && t.cancellationDate! < t.expiration && t.cancellationDate! <= AS_OF && t.cancellationReason !== null).to.equal(true);
      else expect([t.cancellationDate, t.cancellationReason]).to.deep.equal([null, null]);
    }
  });

  it('puts about 55% of Personal accounts on 6-month terms and every Commercial one on 12', () => {
    const six = sample.filter((c) => c.termMonths === 6).length / sample.length;
    expect(six).to.be.within(SIX_MONTH_SHARE - 0.04, SIX_MONTH_SHARE + 0.04);
    expect(chains(300, 'Commercial').every((c) => c.termMonths === 12)).to.equal(true);
  });

  it('draws tenure with 84% annual retention: about 16% of chains start in the last year, a median near 4 years, none over 20', () => {
    const years = sample.filter((c) => c.terms[0]!.status !== 'quote').map((c) => (Date.parse(AS_OF) - Date.parse(c.terms[0]!.effective)) / (365.25 * 864e5)).sort((a, b) => a - b);
    expect(years.filter((y) => y < 1).length / years.length).to.be.within(0.12, 0.22);
    expect(years[Math.floor(years.length / 2)]!).to.be.within(3, 5);
    expect(years[years.length - 1]!).to.be.at.most(20.1);
  });

  it('never starts before the earliest date, nor before the preferred one when that is not after as_of', () => {
    for (const c of chains(500, 'Personal', '2024-03-10')) expect(c.terms[0]!.effective >= '2024-03-10').to.equal(true);
    for (const c of chains(500, 'Personal', '2000-01-01', '2024-10-01')) expect(c.terms[0]!.effective >= '2024-10-01').to.equal(true);
    const late = chains(200, 'Personal', '2000-01-01', '2026-10-01');
    expect(late.some((c) => c.terms[0]!.effective < '2025-01-01')).to.equal(true); // a preference after as_of is ignored
  });

  it('makes a quote of an account that cannot start until after as_of, and no chain when that is more than 45 days away', () => {
    const soon = planChain({ seed: 7, unitIndex: 1, asOf: AS_OF, lob: 'Personal', earliest: '2025-11-20', preferred: null });
    expect(soon.terms).to.have.length(1);
    expect(soon.terms[0]!.status).to.equal('quote');
    expect(soon.terms[0]!.effective >= '2025-11-20').to.equal(true);
    expect(planChain({ seed: 7, unitIndex: 1, asOf: AS_OF, lob: 'Personal', earliest: addYears(AS_OF, 1), preferred: null }).terms).to.deep.equal([]);
  });
});
