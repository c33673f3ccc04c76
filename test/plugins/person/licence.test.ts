import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { disjointShapes, licenceNumbering, licenceShape, shapeSpace, WA_LICENCE_CHARS } from '../../../plugins/person/licence.js';
import { readPackageJson } from '../../helpers/package-root.js';

interface StateRow {
  code: string;
  licence: { template: string; pattern: string };
}

const states = readPackageJson<StateRow[]>('data/reference/address/states.json');

/** A numbering of one template alone. */
const numbering = (template: string, seed = 1) => licenceNumbering(licenceShape(template), seed);

describe('plugins/person/licence', () => {
  it('every state template (all 51) yields numbers matching the state pattern', () => {
    expect(states).to.have.length(51);
    const shapes = disjointShapes(states.map((s) => s.licence.template));
    for (const state of states) {
      const pattern = new RegExp(state.licence.pattern);
      const n = licenceNumbering(shapes.get(state.licence.template)!, 20251101);
      for (let i = 0; i < 2000; i++) {
        const number = n.number(i * 7919);
        expect(number, `${state.code} ${number}`).to.match(pattern);
        expect(number, 'v0.1 contract').to.match(/^[A-Z0-9-]{5,16}$/);
      }
    }
  });

  it('matches the docs/domain-rules.md formats exactly', () => {
    for (let i = 0; i < 200; i++) {
      expect(numbering('L#######').number(i)).to.match(/^[A-Z]\d{7}$/);
      expect(numbering('L########').number(i)).to.match(/^[A-Z]\d{8}$/);
      expect(numbering('##########').number(i)).to.match(/^\d{10}$/);
      expect(numbering('#######').number(i)).to.match(/^\d{7}$/);
      const wa = numbering('WD\\L*********').number(i);
      expect(wa).to.have.length(12);
      expect(wa.slice(0, 3)).to.equal('WDL');
      for (const ch of wa.slice(3)) expect('AEIOUQV').not.to.include(ch);
    }
  });

  it('counts a template\'s space: letters 26, digits 10, the WA set 29, literals 1', () => {
    expect(shapeSpace(licenceShape('L#######'))).to.equal(26 * 10 ** 7);
    expect(shapeSpace(licenceShape('#######'))).to.equal(10 ** 7);
    expect(shapeSpace(licenceShape('WD\\L***'))).to.equal(29 ** 3);
    expect(WA_LICENCE_CHARS).to.have.length(29);
  });

  it('is a bijection: every unit below the space gets its own number (a small space, exhaustively)', () => {
    const n = numbering('L#', 42); // 260 numbers
    const seen = new Set<string>();
    for (let i = 0; i < n.space; i++) seen.add(n.number(i));
    expect(n.space).to.equal(260);
    expect(seen.size).to.equal(260);
    expect(n.number(260), 'the space wraps around past its size').to.equal(n.number(0));
  });

  it('gives distinct numbers over big spaces too (the BigInt path), and the seed moves them', () => {
    const n = numbering('##########', 7);
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i++) seen.add(n.number(i));
    expect(seen.size).to.equal(50_000);
    expect(numbering('##########', 8).number(0)).not.to.equal(n.number(0));
    expect(numbering('##########', 7).number(123)).to.equal(n.number(123));
  });

  it('keeps literals and reads a backslash as "next character literal"', () => {
    expect(numbering('X-L#*').number(5)).to.match(/^X-[A-Z]\d[BCDFGHJKLMNPRSTWXYZ0-9]$/);
    expect(numbering('\\L\\#\\*\\\\').number(3)).to.equal('L#*\\');
    expect(() => licenceShape('L#\\')).to.throw(RangeError);
  });

  it('makes overlapping templates of different states disjoint, and keeps identical ones shared', () => {
    const shapes = disjointShapes(['L########', 'H########', 'K########', '#########', 'L########']);
    expect(shapes.size).to.equal(4);
    expect(shapes.get('L########')![0]).not.to.include('H');
    expect(shapes.get('L########')![0]).not.to.include('K');
    expect(shapes.get('H########')![0]).to.equal('H');
    expect(shapes.get('#########')![0]).to.equal('0123456789');
    const same = disjointShapes(['\\A#', 'A#']);
    expect(same.get('\\A#'), 'two spellings of one template share a shape').to.deep.equal(same.get('A#'));
  });
  it('number() spells the numbers it always spelled (every state shape, four seeds, 3,000 units each: digest recorded before it wrote char codes)', () => {
    const shapes = [...disjointShapes(states.map((s) => s.licence.template)).values()];
    const digest = createHash('sha256');
    for (const seed of [0, 1, 42, 2 ** 40 + 3]) {
      for (const shape of shapes) {
        const n = licenceNumbering(shape, seed);
        for (let k = 0; k < 3000; k++) digest.update(`${n.number(k < 1000 ? k : Math.floor((((k * 2654435761) % 1e9) / 1e9) * Math.min(n.space, 3_000_000)))}\n`);
      }
    }
    expect(digest.digest('hex')).to.equal('6f5d0eed7a7d32d3ce7842d43256ae6fbd0a536ebb5c6e25a06d6f6f8843646e');
  });
});
