import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from '../../../shared/whatsapp/signature.js';
import { signed } from './fixtures.js';

describe('verifySignature', () => {
  it('accepts the signed fixture over its raw bytes', () => {
    expect(verifySignature(signed.body, signed.x_hub_signature_256, [signed.app_secret])).toBe(true);
  });

  it('refuses the same body re-serialised (escapes and slashes differ)', () => {
    // Arrange
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(signed.body.toString('utf8'))), 'utf8');
    // Act
    const ok = verifySignature(reserialised, signed.x_hub_signature_256, [signed.app_secret]);
    // Assert
    expect(reserialised.equals(signed.body)).toBe(false);
    expect(ok).toBe(false);
    expect(signBody(reserialised, signed.app_secret)).toBe(signed.digest_of_reserialised_json_for_comparison);
  });

  it('refuses a body with one byte changed', () => {
    const tampered = Buffer.from(signed.body);
    tampered[tampered.indexOf('1767226200')] = '2'.charCodeAt(0);
    expect(verifySignature(tampered, signed.x_hub_signature_256, [signed.app_secret])).toBe(false);
  });

  it('accepts the previous secret during a rotation, and refuses when neither matches', () => {
    expect(verifySignature(signed.body, signed.x_hub_signature_256, ['new_secret', signed.app_secret])).toBe(true);
    expect(verifySignature(signed.body, signed.x_hub_signature_256, ['new_secret', 'other'])).toBe(false);
  });

  it('takes upper-case hex', () => {
    const upper = `sha256=${signed.x_hub_signature_256.slice('sha256='.length).toUpperCase()}`;
    expect(verifySignature(signed.body, upper, [signed.app_secret])).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['no prefix', signed.x_hub_signature_256.slice('sha256='.length)],
    ['sha1 prefix', `sha1=${signed.x_hub_signature_256.slice('sha256='.length)}`],
    ['short', signed.x_hub_signature_256.slice(0, -2)],
    ['not hex', `sha256=${'z'.repeat(64)}`],
  ])('refuses a %s header', (_what, header) => {
    expect(verifySignature(signed.body, header, [signed.app_secret])).toBe(false);
  });

  it('never verifies with an empty secret, which anyone could sign with', () => {
    expect(verifySignature(signed.body, signBody(signed.body, ''), ['', ''])).toBe(false);
  });
});
