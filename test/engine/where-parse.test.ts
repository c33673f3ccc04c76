/**
 * `--where` text → terms (engine/generate/where-parse.ts) against plugins
 * that declare `targeting`: every form of the grammar, the normal spelling,
 * every error saying what is accepted, and generic impossibility.
 */
import { expect } from 'chai';
import type { EntityPlugin } from '../../engine/index.js';
import { parseWhere, splitWhere, termText, whereTexts } from '../../engine/generate/where-parse.js';
import { expectEsdhError } from '../helpers/errors.js';

const plugin = (p: Partial<EntityPlugin> & Pick<EntityPlugin, 'name' | 'plural'>): EntityPlugin =>
  ({ version: '1.0.0', schemaId: p.name, dependencies: [], generate: () => ({}), ...p }) as EntityPlugin;

const account = plugin({
  name: 'account', plural: 'accounts',
  targeting: {
    fields: {
      state: { type: 'enum', values: ['AZ', 'CA', 'NV'], description: "the state of the account's address" },
      lob_type: { type: 'enum', values: ['Personal', 'Commercial'], description: 'line of business' },
      opened: { type: 'date', description: 'the day it opened' },
      fleet: { type: 'boolean', description: 'a fleet account' },
      name: { type: 'string', description: 'its name' },
      score: { type: 'number', description: 'a credit score' },
    },
  },
});
const person = plugin({
  name: 'person', plural: 'persons', dependencies: ['account'],
  targeting: { fields: { age: { type: 'integer', description: 'age in years on as_of', derive: () => 30 } }, count: { description: 'the persons of an account', max: 8 } },
});
const vehicle = plugin({ name: 'vehicle', plural: 'vehicles', dependencies: ['person'], targeting: { fields: { body_style: { type: 'enum', values: ['Sedan', 'Pickup'], description: 'the body style' } } } });
const claim = plugin({ name: 'claim', plural: 'claims', dependencies: ['account'], targeting: { fields: { loss_date: { type: 'date', description: 'the day of the loss' } }, count: { description: 'the claims of an account', max: 10 } } });
const plain = plugin({ name: 'profile', plural: 'profiles', dependencies: ['person'] });
const RUN = [account, person, vehicle, claim, plain];
const parse = (text: string | string[]) => parseWhere(text, RUN, { registered: [...RUN, plugin({ name: 'policy', plural: 'policies' })] });

describe('--where parsing', () => {
  it('reads every form: bare root fields, entity.field, counts, every OP and ranges, typed values', () => {
    const where = parse('state=az, lob_type!=personal,opened>=2020-01-01,fleet=yes,name="Acme Ltd",score<700.5,person.age=16..20,vehicle.body_style=pickup,claims>=1,claim.loss_date<=2024-12-31,persons<3');
    expect(where.map((t) => [t.kind, t.entity, t.field, t.op, t.value, t.high])).to.deep.equal([
      ['field', 'account', 'state', '=', 'AZ', undefined],
      ['field', 'account', 'lob_type', '!=', 'Personal', undefined],
      ['field', 'account', 'opened', '>=', '2020-01-01', undefined],
      ['field', 'account', 'fleet', '=', true, undefined],
      ['field', 'account', 'name', '=', 'Acme Ltd', undefined],
      ['field', 'account', 'score', '<', 700.5, undefined],
      ['field', 'person', 'age', '..', 16, 20],
      ['field', 'vehicle', 'body_style', '=', 'Pickup', undefined],
      ['count', 'claim', undefined, '>=', 1, undefined],
      ['field', 'claim', 'loss_date', '<=', '2024-12-31', undefined],
      ['count', 'person', undefined, '<', 3, undefined],
    ]);
    expect(where[0]!.text).to.equal('state=az');
    expect(Object.isFrozen(where) && Object.isFrozen(where[0])).to.equal(true);
  });

  it('takes plurals for fields and singulars for counts, root fields with their entity, and spells each term one way', () => {
    const where = parse(['vehicles.body_style = Sedan', 'claim>0,account.state=NV', 'persons.age>17']);
    expect(where.map((t) => `${t.kind}:${t.entity}`)).to.deep.equal(['field:vehicle', 'count:claim', 'field:account', 'field:person']);
    expect(whereTexts(where, RUN)).to.deep.equal(['vehicle.body_style=Sedan', 'claims>0', 'state=NV', 'person.age>17']);
    expect(termText(parse('person.age=16..20')[0]!, RUN)).to.equal('person.age=16..20');
  });

  it('splits strings at commas (an array may hold several per string), drops empty pieces, and counts a term written twice once', () => {
    expect(splitWhere(['state=AZ,claims>=1', ' lob_type=Commercial ', ''])).to.deep.equal(['state=AZ', 'claims>=1', 'lob_type=Commercial']);
    expect(splitWhere(undefined)).to.deep.equal([]);
    expect(parse('')).to.deep.equal([]);
    expect(whereTexts(parse('state=AZ,State = az,claims>=1,claims>=1'), RUN)).to.deep.equal(['state=AZ', 'claims>=1']);
  });

  describe('errors (ESDH_ERR_WHERE_INVALID) name the term and say what is accepted', () => {
    const invalid = (text: string, ...says: string[]) => {
      let message = '';
      try {
        parse(text);
      } catch (error) {
        message = (error as Error).message;
        expect((error as { code?: string }).code).to.equal('ESDH_ERR_WHERE_INVALID');
      }
      expect(message, text).to.include(`'${text.split(',').at(-1)!.trim()}'`);
      for (const s of says) expect(message, text).to.include(s);
    };

    it('an unparseable term gives the three forms and the operators', () => {
      for (const text of ['state', 'state~AZ', '=AZ', 'a.b.c=1', 'state=']) invalid(text, 'field OP value', 'entity.field OP value', '<plural> OP n', '= != < <= > >=');
    });

    it('an entity the run does not make lists the run\'s entities', () => {
      invalid('policy.term=12', 'this run does not make policy records', 'account, person, vehicle, claim, profile');
      invalid('policies>=1', 'this run does not make policy records');
      invalid('boat.hull=Steel', "'boat' is not an entity of this run", 'account, person, vehicle, claim, profile');
    });

    it('a field that is not targetable lists the entity\'s targetable fields as entity.field (type: description)', () => {
      invalid('vehicle.colour=Red', 'vehicle.colour is not targetable', 'vehicle.body_style (enum: the body style)');
      invalid('profile.risk=High', 'profile declares no targetable fields', 'account.state (enum: ');
      invalid('colour=Red', "'colour' is neither a targetable field of account", 'account.state (enum: ', 'person.age (integer: age in years on as_of)', 'countable: persons', 'claims (the claims of an account; at most 10)', 'written bare');
    });

    it('a count of an entity without targeting.count lists what can be counted', () => {
      invalid('vehicles>=1', 'vehicles cannot be counted', 'countable in this run: persons (the persons of an account; at most 8), claims');
      invalid('claims>=one', 'a count is a whole number of claims');
      invalid('claims=-1', 'a count is a whole number');
    });

    it('a value of the wrong kind says the kind (and an enum lists its values)', () => {
      invalid('state=TX', "'TX' is not a value of account.state; accepted: AZ, CA, NV");
      invalid('person.age=old', 'person.age is a whole number');
      invalid('score=high', 'account.score is a number');
      invalid('opened=2023-02-30', 'account.opened is a date YYYY-MM-DD');
      invalid('opened=yesterday', 'account.opened is a date YYYY-MM-DD');
      invalid('fleet=maybe', 'true or false (yes or no)');
      invalid('state<AZ', 'account.state is an enum: it takes = or !=');
      invalid('fleet>=true', 'a boolean: it takes = or !=');
    });

    it('a range goes after = only, with low <= high and both ends', () => {
      invalid('person.age>=16..20', 'a range a..b goes only after =');
      invalid('person.age=20..16', "the range's low end 20 is above its high end 16");
      invalid('claims=3..1', "the range's low end 3 is above its high end 1");
      invalid('person.age=16..', 'both ends given');
      invalid('state=AZ..CA', 'a range a..b does not apply');
    });

    it('a term that is not text is refused', async () => {
      await expectEsdhError(() => parseWhere([42 as unknown as string], RUN), 'ESDH_ERR_WHERE_INVALID');
    });
  });

  describe('generic impossibility (ESDH_ERR_WHERE_IMPOSSIBLE) names the terms and why', () => {
    const impossible = (text: string, ...says: string[]) => {
      let message = '';
      try {
        parse(text);
      } catch (error) {
        expect((error as { code?: string }).code, text).to.equal('ESDH_ERR_WHERE_IMPOSSIBLE');
        message = (error as Error).message;
      }
      for (const s of says) expect(message, text).to.include(s);
    };

    it('an enum with no value left', () => {
      impossible('state=AZ,state=CA', "'state=AZ', 'state=CA'", 'they leave no value of account.state (its values: AZ, CA, NV)');
      impossible('lob_type!=Personal,lob_type!=Commercial', 'no value of account.lob_type');
      impossible('fleet=true,fleet=no', 'cannot be both true and false');
    });

    it('an integer, number, date or string field with an empty interval', () => {
      impossible('person.age>30,person.age<=30', 'no whole number for person.age');
      impossible('person.age=30,person.age!=30', 'no whole number for person.age');
      impossible('score>700,score<700', 'no number for account.score');
      impossible('opened>2024-01-01,opened<2024-01-02', 'no date for account.opened');
      impossible('name=Acme,name=Other', 'cannot equal acme and other at once');
    });

    it('a count with no number left, above targeting.count.max, or none while a term asks for a record', () => {
      impossible('claims>=11', 'at most 10 claims', "targeting.count.max");
      impossible('claims>5,claims<3', 'no number of claims (0 to 10)');
      impossible('claims=0,claim.loss_date>=2024-01-01', "'claims=0', 'claim.loss_date>=2024-01-01'", 'asks for a claim that matches', 'allows no claims');
    });

    it('accepts what some record can meet', () => {
      expect(parse('person.age=16..20,person.age!=18,claims=0..10,opened>=2024-01-01,opened<2024-01-02,score>=700,score<=700')).to.have.length(7);
      expect(parse('claims<=0')).to.have.length(1);
    });
  });
});
