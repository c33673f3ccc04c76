/** URLs as esdh prints them: never with a password. */
import { expect } from 'chai';
import { redactUrl } from '../../engine/index.js';

describe('redactUrl', () => {
  it('hides the password and secret query parameters, keeps the rest', () => {
    expect(redactUrl('postgres://qa:s3cr%40t@127.0.0.1:5432/test')).to.equal('postgres://qa:***@127.0.0.1:5432/test');
    expect(redactUrl('postgresql://qa@db.internal/test?sslmode=require&password=x&sslpassword=y')).to.equal('postgresql://qa@db.internal/test?sslmode=require&password=***&sslpassword=***');
    expect(redactUrl('postgres://qa@127.0.0.1/test')).to.equal('postgres://qa@127.0.0.1/test');
  });

  it('prints only the scheme of something that is not a URL', () => {
    expect(redactUrl('postgres://qa:pw@[bad')).to.equal('postgres://(not a valid URL)');
    expect(redactUrl('qa:pw@host')).to.equal('(not a valid URL)');
    expect(redactUrl('nothing here')).to.equal('(not a valid URL)');
  });
});
